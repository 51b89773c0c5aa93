using System.Text.Json.Serialization;

namespace MediaAspire.Platform.Verdicts;

/// <summary>A stretch of video between two boundaries (cuts or gradual transitions), in seconds.</summary>
public sealed record Scene(double Start, double End)
{
    [JsonIgnore]
    public double Duration => End - Start;
}
