using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using FFMpegCore;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Renditions;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// Decodes a video forward with the system's ffmpeg and hands out every <c>stride</c>-th frame as BGR at a given
/// size, with its presentation time. ffmpeg does the decoding (multi-threaded), the subsampling and the one
/// area-averaging reduction (fused with the YUV to BGR conversion), so only small frames cross the pipe and the
/// analysis runs beside the decoder, in another process. It replaced OpenCV's <c>VideoCapture</c>, whose bundled
/// FFmpeg decoded 2.3-2.6x slower than Debian's on the same clip.
/// <para>Times come from <c>showinfo</c> (checksums off, so it never reads pixels) placed before the subsampling:
/// it logs every decoded frame's number and pts on stderr, which gives the true presentation time of variable
/// frame rate video and the number of frames decoded. Rotation: ffmpeg applies the display matrix itself.</para>
/// </summary>
internal sealed partial class FfmpegFrameReader : IDisposable
{
    private readonly Process _process;
    private readonly Stream _frames;
    private readonly byte[] _buffer;
    private readonly int _stride;
    private readonly BlockingCollection<double> _sampleTimes = new();
    private readonly Queue<string> _lastErrors = new();
    private readonly Task _stderr;
    private double? _firstPts;
    private int _decoded;

    private readonly CancellationTokenRegistration _cancellation;

    private FfmpegFrameReader(Process process, int width, int height, int stride, CancellationToken cancellationToken)
    {
        _process = process;
        _frames = process.StandardOutput.BaseStream;
        _stride = stride;
        _buffer = new byte[width * height * 3];
        Frame = new Mat(height, width, MatType.CV_8UC3);
        _stderr = Task.Run(ReadLogAsync);
        // A blocked read of the pipe ends when ffmpeg is killed.
        _cancellation = cancellationToken.Register(() => FfmpegProcess.Kill(process));
    }

    /// <summary>The last frame read (BGR, reused: copy what must outlive the next <see cref="Read"/>).</summary>
    public Mat Frame { get; }

    /// <summary>Frames ffmpeg decoded so far (all of them once <see cref="Read"/> returned false).</summary>
    public int FramesDecoded => Volatile.Read(ref _decoded);

    public static FfmpegFrameReader Open(string path, int width, int height, int stride, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(GlobalFFOptions.GetFFMpegBinaryPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var filters = string.Create(CultureInfo.InvariantCulture,
            $"showinfo=checksum=0,select='not(mod(n\\,{stride}))',scale={width}:{height}:flags=area,format=bgr24");
        foreach (var argument in (string[])["-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-i", path,
                     "-map", "0:v:0", "-an", "-sn", "-dn", "-vf", filters, "-fps_mode", "passthrough", "-f", "rawvideo", "pipe:1"])
            info.ArgumentList.Add(argument);
        return new FfmpegFrameReader(Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start."), width, height, stride, cancellationToken);
    }

    /// <summary>Reads the next sampled frame into <see cref="Frame"/>; false at the end of the video.</summary>
    /// <param name="time">Seconds from the first decoded frame.</param>
    /// <exception cref="UnreadableMediaException">ffmpeg stopped with an error before any frame came out.</exception>
    public bool Read(out double time, CancellationToken cancellationToken)
    {
        time = 0;
        cancellationToken.ThrowIfCancellationRequested();
        var read = 0;
        while (read < _buffer.Length)
        {
            var n = _frames.Read(_buffer, read, _buffer.Length - read);
            if (n == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return Ended(read);
            }
            read += n;
        }
        if (!_sampleTimes.TryTake(out time, Timeout.Infinite, cancellationToken))
            throw new InvalidOperationException("ffmpeg wrote a frame it did not log.");
        Marshal.Copy(_buffer, 0, Frame.Data, _buffer.Length);
        return true;
    }

    private bool Ended(int partial)
    {
        _process.WaitForExit();
        _stderr.Wait();
        // A damaged file that decoded in part keeps what was decoded (as a player would show it); one that gave no
        // frame at all is unreadable.
        if (_process.ExitCode != 0 && _decoded == 0)
            throw new UnreadableMediaException($"The video could not be decoded: {string.Join(" ", _lastErrors).Trim()}");
        if (partial != 0 && _process.ExitCode == 0) throw new InvalidDataException("ffmpeg ended inside a frame.");
        return false;
    }

    private async Task ReadLogAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                var frame = ShowInfoFrame().Match(line);
                if (!frame.Success)
                {
                    if (_lastErrors.Count == 3) _lastErrors.Dequeue();
                    _lastErrors.Enqueue(line);
                    continue;
                }
                var number = int.Parse(frame.Groups["n"].Value, CultureInfo.InvariantCulture);
                // Frames without a timestamp are spaced one nominal frame on from the previous one.
                var pts = double.TryParse(frame.Groups["t"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : double.NaN;
                _firstPts ??= double.IsFinite(pts) ? pts : 0;
                Volatile.Write(ref _decoded, number + 1);
                if (number % _stride == 0) _sampleTimes.Add(double.IsFinite(pts) ? pts - _firstPts.Value : double.NaN);
            }
        }
        finally
        {
            _sampleTimes.CompleteAdding();
        }
    }

    [GeneratedRegex(@"\bn:\s*(?<n>\d+)\s+pts:\s*\S+\s+pts_time:(?<t>\S+)")]
    private static partial Regex ShowInfoFrame();

    public void Dispose()
    {
        _cancellation.Dispose();
        FfmpegProcess.Kill(_process);
        _stderr.Wait(TimeSpan.FromSeconds(5));
        _process.Dispose();
        Frame.Dispose();
        _sampleTimes.Dispose();
    }
}
