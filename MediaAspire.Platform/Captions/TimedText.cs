using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MediaAspire.Platform.Captions;

/// <summary>
/// Reads WebVTT and SRT (one parser: both are blocks of a timing line <c>start --> end</c> and text lines, the one
/// with <c>.</c> and the other with <c>,</c> before the milliseconds) and writes SRT, which ffmpeg's subtitles filter burns in.
/// </summary>
public static partial class TimedText
{
    /// <exception cref="FormatException">Text that holds no cue at all, or a timing line that cannot be read.</exception>
    public static IReadOnlyList<Cue> Parse(string text)
    {
        var cues = new List<Cue>();
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].Contains("-->", StringComparison.Ordinal)) continue;
            var parts = lines[i].Split("-->", 2, StringSplitOptions.TrimEntries);
            var end = parts[1].Split(' ', 2)[0];
            var (startSeconds, endSeconds) = (Time(parts[0], i), Time(end, i));
            var body = new StringBuilder();
            for (i++; i < lines.Length && lines[i].Trim().Length > 0; i++)
                body.Append(body.Length > 0 ? "\n" : "").Append(Tags().Replace(lines[i].Trim(), ""));
            if (endSeconds > startSeconds && body.Length > 0) cues.Add(new Cue(startSeconds, endSeconds, body.ToString()));
        }
        if (cues.Count == 0) throw new FormatException("The transcript holds no cue (expected WebVTT or SRT: \"00:00:01.000 --> 00:00:04.000\" and its text).");
        return cues;
    }

    /// <summary>The cues that overlap [<paramref name="from"/>, <paramref name="to"/>), moved so <paramref name="from"/> is 0, as SRT.</summary>
    public static string ToSrt(IEnumerable<Cue> cues, double from, double to)
    {
        var srt = new StringBuilder();
        var n = 0;
        foreach (var cue in cues.Where(c => c.End > from && c.Start < to).OrderBy(c => c.Start))
        {
            srt.Append(CultureInfo.InvariantCulture, $"{++n}\n{SrtTime(Math.Max(0, cue.Start - from))} --> {SrtTime(Math.Min(to, cue.End) - from)}\n{cue.Text}\n\n");
        }
        return srt.ToString();
    }

    private static double Time(string value, int line)
    {
        var fields = value.Replace(',', '.').Split(':');
        try
        {
            var seconds = double.Parse(fields[^1], NumberStyles.Float, CultureInfo.InvariantCulture);
            var minutes = fields.Length >= 2 ? int.Parse(fields[^2], CultureInfo.InvariantCulture) : 0;
            var hours = fields.Length >= 3 ? int.Parse(fields[^3], CultureInfo.InvariantCulture) : 0;
            return hours * 3600 + minutes * 60 + seconds;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new FormatException($"Line {line + 1} of the transcript has a time that cannot be read: \"{value}\".", e);
        }
    }

    private static string SrtTime(double seconds)
    {
        var t = TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00},{t.Milliseconds:000}");
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
