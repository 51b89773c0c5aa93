using System.Globalization;

namespace MediaAspire.GpuWorker.Live;

/// <summary>A segment the segmenter has closed: its file and its span in media seconds from the stream's start.</summary>
public sealed record ClosedSegment(int Sequence, string File, double Start, double End)
{
    public double Duration => End - Start;

    /// <summary>The first segment after the publisher came back: its encoder restarted, so players reset their decoder
    /// here (HLS <c>#EXT-X-DISCONTINUITY</c>).</summary>
    public bool Discontinuity { get; init; }

    /// <summary>One line of ffmpeg's csv segment list (<c>seg_00003.ts,6.023000,8.023000</c>), written when the segment closes.</summary>
    public static bool TryParse(string line, int sequence, out ClosedSegment segment)
    {
        segment = null!;
        var parts = line.Split(',');
        if (parts.Length != 3
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
            || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var end)
            || end < start) return false;
        segment = new ClosedSegment(sequence, parts[0], start, end);
        return true;
    }
}
