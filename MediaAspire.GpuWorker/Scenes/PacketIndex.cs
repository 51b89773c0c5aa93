using System.Globalization;
using MediaAspire.Platform.Processes;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>One compressed video frame as the container lists it: presentation time (the file's own timestamps),
/// size in bytes, and whether it is a keyframe (a random access point).</summary>
internal readonly record struct VideoPacket(double Pts, int Size, bool IsKey);

/// <summary>
/// The video stream's packets in presentation order, read from the container without decoding anything
/// (<c>ffprobe -show_packets</c>, a fraction of a second for a minute of 1080p). What it tells the scene pass before
/// a frame is decoded: how long the GOPs are (very short ones are not worth skipping), and where the encoder spent
/// bits out of line with the frames around it (<see cref="SizeJumps"/>); what it tells the clip cutter: where the
/// keyframes around a range are (<see cref="KeyframesAround"/>, reading only that part of the file).
/// </summary>
internal sealed class PacketIndex
{
    /// <summary>A packet this many times larger than the third largest of the packets within
    /// <see cref="JumpWindowSeconds"/> of it is a size jump. A cut costs the encoder about a keyframe's bits
    /// (the new picture is coded without reference), many times an ordinary predicted frame, even in a fast pan;
    /// the third largest, so two other jumps nearby (a two-frame flash) do not hide it.</summary>
    private const double JumpRatio = 3;
    private const double JumpWindowSeconds = 1;

    /// <summary>... and at least this share of the size of the keyframe before it, so that the tiny packets of a
    /// still picture (tens of bytes, where noise triples a size) are not jumps.</summary>
    private const double JumpMinKeyframeShare = 0.1;

    private readonly double[] _jumps;

    /// <summary>Only the keyframe times and the jumps are kept, not the packets.</summary>
    public PacketIndex(IEnumerable<VideoPacket> packets)
    {
        var sorted = packets.OrderBy(p => p.Pts).ToArray();
        _jumps = FindJumps(sorted);
        Keyframes = sorted.Where(p => p.IsKey).Select(p => p.Pts).ToArray();
        IsIntraOnly = sorted.Length > 0 && Keyframes.Length == sorted.Length;
    }

    /// <summary>Every packet is a keyframe (all-intra H.264, MJPEG, ProRes, …): any packet decodes without the others.</summary>
    public bool IsIntraOnly { get; }

    /// <summary>Times of the keyframes, ascending.</summary>
    public double[] Keyframes { get; }

    /// <summary>Times of the packets that are size jumps (<see cref="JumpRatio"/>), ascending.</summary>
    public IReadOnlyList<double> SizeJumps => _jumps;

    /// <summary>Mean time from one keyframe to the next over the stream; infinite with fewer than two keyframes.</summary>
    public double MeanGopSeconds => Keyframes.Length < 2 ? double.PositiveInfinity : (Keyframes[^1] - Keyframes[0]) / (Keyframes.Length - 1);

    /// <summary>True when a packet strictly between the two times is a size jump.</summary>
    public bool HasSizeJumpBetween(double from, double to)
    {
        var i = Array.BinarySearch(_jumps, from);
        i = i >= 0 ? i + 1 : ~i;
        return i < _jumps.Length && _jumps[i] < to;
    }

    /// <summary>How far before a range the keyframe at or before its start is looked for first (wider only when none is found).</summary>
    private const double LookBehindSeconds = 30;

    /// <summary>The keyframes from the one at or before <paramref name="from"/> up to <paramref name="to"/>, ascending,
    /// read from that stretch of the file only (the whole file when no keyframe precedes it within <see cref="LookBehindSeconds"/>).</summary>
    /// <exception cref="Probe.UnreadableMediaException">ffprobe could not list the packets.</exception>
    public static IReadOnlyList<double> KeyframesAround(string path, double from, double to, CancellationToken cancellationToken)
    {
        var keyframes = Read(path, cancellationToken, (Math.Max(0, from - LookBehindSeconds), to)).Keyframes;
        if (keyframes.Length == 0 || keyframes[0] > from + 1e-6) keyframes = Read(path, cancellationToken, (0, to)).Keyframes;
        return keyframes.Where(k => k <= to + 1e-6).ToArray();
    }

    /// <summary>Whether every packet of the video stream is a keyframe (<see cref="IsIntraOnly"/>), for a stage that samples
    /// without the rest of the index: the whole stream is listed only when its first second says so, so the usual
    /// long-GOP file costs a listing of one second (tens of milliseconds) instead of the whole file's.</summary>
    /// <exception cref="Probe.UnreadableMediaException">ffprobe could not list the packets.</exception>
    public static bool ReadIsIntraOnly(string path, CancellationToken cancellationToken)
    {
        var start = Read(path, cancellationToken, (0, 0.5));
        return start is { IsIntraOnly: true, Keyframes.Length: >= 2 } && Read(path, cancellationToken).IsIntraOnly;
    }

    /// <param name="interval">Only the packets of this stretch (seconds; ffprobe starts it at the keyframe before
    /// <c>From</c>, ends it half a second after <c>To</c>); null: the whole stream.</param>
    /// <exception cref="Probe.UnreadableMediaException">ffprobe could not list the packets.</exception>
    public static PacketIndex Read(string path, CancellationToken cancellationToken, (double From, double To)? interval = null)
    {
        string[] stretch = interval is var (from, to) ? ["-read_intervals", string.Create(CultureInfo.InvariantCulture, $"{from:0.###}%{to + 0.5:0.###}")] : [];
        using var process = FfmpegLauncher.Start(FfmpegCommand.Ffprobe(
            ["-v", "error", .. Probe.UploadedInput.Options, "-select_streams", "v:0", "-show_entries", "packet=pts_time,dts_time,size,flags", .. stretch, "-of", "csv=p=0", path]),
            cancellationToken);
        var packets = new List<VideoPacket>();
        while (process.StandardOutput.ReadLine() is { } line)
            if (Parse(line) is { } packet) packets.Add(packet);
        if (process.WaitForExit() != 0)
            throw new Probe.UnreadableMediaException($"The video's packets could not be read: {string.Join('\n', process.ErrorTail).Trim()}");
        return new PacketIndex(packets);
    }

    /// <summary>"pts_time,dts_time,size,flags" (flags "K_" for a keyframe); a packet without a time takes its decode time.</summary>
    internal static VideoPacket? Parse(string line)
    {
        var fields = line.Split(',');
        if (fields.Length < 4) return null;
        if (!double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var pts)
            && !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out pts)) return null;
        if (!int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var size)) return null;
        return new VideoPacket(pts, size, fields[3].StartsWith('K'));
    }

    private static double[] FindJumps(VideoPacket[] packets)
    {
        var jumps = new List<double>();
        var lastKeySize = 0;
        int from = 0, to = 0; // the window [from, to) of packets within JumpWindowSeconds
        for (var i = 0; i < packets.Length; i++)
        {
            var packet = packets[i];
            if (packet.IsKey)
            {
                lastKeySize = packet.Size;
                continue;
            }
            while (packets[from].Pts < packet.Pts - JumpWindowSeconds) from++;
            while (to < packets.Length && packets[to].Pts <= packet.Pts + JumpWindowSeconds) to++;
            // The three largest other non-key packets of the window, in one pass (linear in the window).
            int first = -1, second = -1, third = -1;
            for (var j = from; j < to; j++)
            {
                if (j == i || packets[j].IsKey) continue;
                var size = packets[j].Size;
                if (size > first) (first, second, third) = (size, first, second);
                else if (size > second) (second, third) = (size, second);
                else if (size > third) third = size;
            }
            if (third < 0) continue;
            if (packet.Size >= JumpRatio * third && packet.Size >= JumpMinKeyframeShare * lastKeySize) jumps.Add(packet.Pts);
        }
        return jumps.ToArray();
    }
}
