using System.Globalization;
using System.Text;

namespace MediaAspire.GpuWorker.Clips;

/// <summary>A 9:16 crop of the source and where its left edge is over time (seconds from the clip's start).</summary>
public sealed record VerticalCrop(int Width, int Height, int Y, IReadOnlyList<(double T, int X)> Path)
{
    /// <summary>The crop filter's commands for ffmpeg's <c>sendcmd</c>: the crop's x ten times a second, interpolated.</summary>
    public string ToSendCommands(string target, double duration)
    {
        var commands = new StringBuilder();
        for (var t = 0.0; t < duration; t += 0.1)
            commands.Append(CultureInfo.InvariantCulture, $"{t:0.0##} {target} x {XAt(t)};\n");
        return commands.ToString();
    }

    public int XAt(double t)
    {
        if (Path.Count == 1 || t <= Path[0].T) return Path[0].X;
        if (t >= Path[^1].T) return Path[^1].X;
        var i = 1;
        while (Path[i].T < t) i++;
        var (a, b) = (Path[i - 1], Path[i]);
        var x = a.X + (b.X - a.X) * (t - a.T) / (b.T - a.T);
        return (int)Math.Round(x / 2) * 2;
    }
}
