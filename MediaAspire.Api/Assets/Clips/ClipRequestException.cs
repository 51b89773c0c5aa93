namespace MediaAspire.Api.Assets.Clips;

/// <summary>A clips request the planner refused, and why (a 400).</summary>
public sealed class ClipRequestException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}
