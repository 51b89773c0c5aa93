using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Processes;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// Decodes a video forward with the system's ffmpeg and hands out frames at most every <c>minSpacing</c> seconds as
/// I420 at a given size, with their presentation times. ffmpeg does the decoding (multi-threaded), the subsampling
/// and the one area-averaging reduction, so only small frames cross the pipe and the analysis runs beside the
/// decoder, in another process. It replaced OpenCV's <c>VideoCapture</c>, whose bundled FFmpeg decoded 2.3-2.6x
/// slower than Debian's on the same clip.
/// <para>Frames stay I420 (half the bytes of BGR): the analysis reduces them further before converting, and only
/// the frames kept as keyframe candidates are converted at full size. The pipe is enlarged to 1 MiB; moving
/// 675 KiB BGR frames through the default 64 KiB pipe cost as much as a third of the decode.</para>
/// <para>Not decoding what is not analysed: <c>-skip_frame noref</c> leaves out frames nothing else is predicted
/// from (most B-frames). In the usual encodes those are every other frame, the ones subsampling would drop anyway,
/// so the decoder does about half the work; the time-based <c>select</c> then thins whatever was decoded to the
/// analysis rate (sources without such frames, e.g. screen recordings, decode fully and are thinned there). Sampling
/// far under the frame rate can leave out every B-frame (<see cref="DecodedFrames.IntraAndPredicted"/>), and a
/// keyframe pass all but the keyframes (<see cref="FrameRequest.Decode"/>). In an all-intra stream no frame is
/// skippable by type, but none is needed by another either: there a thinning ffmpeg ahead of the decoder passes on only
/// the packets of the frames that will be sampled (<see cref="FrameRequest.PacketStride"/>).</para>
/// <para>A pump thread reads the pipe straight into a few pooled, pinned frame buffers, so ffmpeg never waits on
/// the analysis of the previous frame and no frame is copied on this side. Times come from a <c>showinfo</c> filter
/// on the frames handed out (checksums off, so it never reads pixels): the true presentation times of variable frame
/// rate video. Rotation: ffmpeg applies the display matrix itself.</para>
/// </summary>
internal sealed partial class FfmpegFrameReader : IDisposable
{
    private const int BufferedFrames = 6;
    private const int PipeBytes = 1 << 20;
    private const int SetPipeSize = 1031; // F_SETPIPE_SZ (Linux)

    private readonly FfmpegProcess _process;
    private readonly FfmpegProcess? _thinning;
    private readonly Task _thinned = Task.CompletedTask;
    private readonly BlockingCollection<PinnedFrame> _filled = new(BufferedFrames);
    private readonly ConcurrentBag<PinnedFrame> _free = [];
    private readonly List<PinnedFrame> _all = [];
    private readonly BlockingCollection<double> _sampleTimes = new();
    private readonly Task _stderr;
    private readonly Task _pump;
    private readonly int _width, _height;
    private PinnedFrame? _current;
    private readonly double? _origin;
    private double? _firstPts;
    private int _framesRead;
    private bool _endedInsideFrame;

    private FfmpegFrameReader(FfmpegCommand command, FfmpegCommand? thinning, int width, int height, double? origin, CancellationToken cancellationToken)
    {
        _origin = origin;
        (_width, _height) = (width, height);
        // Killed on cancellation (a blocked read then ends) and with the worker.
        _process = FfmpegLauncher.Start(command, cancellationToken, onErrorLine: TakeSampleTime);
        if (thinning is not null)
        {
            _thinning = FfmpegLauncher.Start(thinning, cancellationToken);
            _thinned = Task.Factory.StartNew(() => Feed(_thinning, _process), TaskCreationOptions.LongRunning);
        }
        if (_process.StandardOutput.BaseStream is PipeStream pipe) Enlarge(pipe);
        _stderr = _process.StandardErrorRead.ContinueWith(_ => _sampleTimes.CompleteAdding(), TaskScheduler.Default);
        _pump = Task.Factory.StartNew(Pump, TaskCreationOptions.LongRunning);
    }

    /// <summary>The last frame read, I420: a single-channel Mat of <c>height * 3 / 2</c> rows (Y, then U, then V).
    /// Valid until the next <see cref="Read"/>: copy or convert what must outlive it.</summary>
    public Mat Frame => _current?.Image ?? throw new InvalidOperationException("No frame has been read.");

    /// <param name="width">Even, as I420 needs.</param>
    /// <param name="height">Even, as I420 needs.</param>
    /// <param name="minSpacing">Least time between two frames handed out, seconds.</param>
    public static FfmpegFrameReader Open(string path, int width, int height, double minSpacing, CancellationToken cancellationToken) =>
        Open(path, width, height, new FrameRequest(minSpacing), cancellationToken);

    /// <param name="width">Even, as I420 needs.</param>
    /// <param name="height">Even, as I420 needs.</param>
    public static FfmpegFrameReader Open(string path, int width, int height, FrameRequest request, CancellationToken cancellationToken)
    {
        var spacing = request.MinSpacing.ToString("0.######", CultureInfo.InvariantCulture);
        var pick = request.OnePerInterval && request.MinSpacing > 0
            ? $"gte(floor(t/{spacing})-floor(prev_selected_t/{spacing})\\,1)"
            : $"gte(t-prev_selected_t\\,{spacing})";
        // A trim first: when it ends the stream, ffmpeg stops reading and decoding (times are the file's, see -copyts).
        var end = request.Before is { } before ? string.Create(CultureInfo.InvariantCulture, $"trim=end={before:0.######},") : "";
        var filters = end + string.Create(CultureInfo.InvariantCulture,
            $"select='isnan(prev_selected_t)+{pick}',showinfo@sampled=checksum=0,scale={width}:{height}:flags=area,format=yuv420p");
        var skipped = request.Decode switch
        {
            DecodedFrames.Keyframes => "nokey",
            DecodedFrames.IntraAndPredicted => "bidir",
            _ => "noref",
        };
        // The file is read (and sought in) by the decoding ffmpeg itself, or by a thinning one ahead of it.
        List<string> fileInput = [.. UploadedInput.Options];
        if (request.From is { } from)
        {
            // Seeks to the keyframe at or before `from` (a keyframe's own time: a millisecond later never lands on the
            // one before) and decodes forward from it, in the file's own timestamps.
            fileInput.AddRange(["-seek_timestamp", "1", "-noaccurate_seek", "-ss", (from + 0.001).ToString("0.######", CultureInfo.InvariantCulture)]);
        }
        // Timestamps stay those of the file, so the times of every reader over one file share an origin.
        fileInput.AddRange(["-copyts", "-i", path]);
        FfmpegCommand? thinning = null;
        List<string> decoderInput = fileInput;
        if (request.PacketStride > 1)
        {
            // ffmpeg 5.1 applies bitstream filters to outputs only: a first ffmpeg copies every n-th packet (no
            // decoding) into NUT, which keeps the timestamps, and the decoder reads that and nothing else.
            thinning = FfmpegCommand.Ffmpeg(["-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", .. fileInput,
                "-map", "0:v:0", "-c", "copy", "-bsf:v", string.Create(CultureInfo.InvariantCulture, $"noise=drop=mod(n\\,{request.PacketStride})"),
                "-f", "nut", "pipe:1"]);
            decoderInput = [.. UploadedInput.PipedNutOptions, "-copyts", "-i", "pipe:0"];
        }
        var command = FfmpegCommand.Ffmpeg(["-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-skip_frame", skipped,
            .. HardwareDecoding.InputArguments, .. decoderInput,
            "-map", "0:v:0", "-an", "-sn", "-dn", "-vf", filters, "-fps_mode", "passthrough", "-f", "rawvideo", "pipe:1"]) with { ReadsStandardInput = thinning is not null };
        return new FfmpegFrameReader(command, thinning, width, height, request.Origin, cancellationToken);
    }

    /// <summary>Presentation time, in the file's own timestamps, of the first frame read (the origin of the times
    /// handed out unless the request named one); null before it.</summary>
    public double? FirstPts => _firstPts;

    /// <summary>Reads the next sampled frame into <see cref="Frame"/>; false at the end of the video.</summary>
    /// <param name="time">Seconds from the first frame.</param>
    /// <exception cref="UnreadableMediaException">ffmpeg stopped with an error before any frame came out.</exception>
    public bool Read(out double time, CancellationToken cancellationToken)
    {
        time = 0;
        cancellationToken.ThrowIfCancellationRequested();
        if (_current is not null) _free.Add(_current);
        _current = null;
        if (!_filled.TryTake(out var frame, Timeout.Infinite, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Ended();
        }
        _current = frame;
        _framesRead++;
        if (!_sampleTimes.TryTake(out time, Timeout.Infinite, cancellationToken))
            throw new InvalidOperationException("ffmpeg wrote a frame it did not log.");
        return true;
    }

    private bool Ended()
    {
        var exitCode = _process.WaitForExit();
        _stderr.Wait();
        _pump.Wait();
        _thinned.Wait();
        // The decoder of a thinned stream sees only what the thinning ffmpeg read: where that one failed, its words say why.
        var failed = _thinning is not null && _thinning.WaitForExit() != 0 ? _thinning : _process;
        if (failed != _process && exitCode == 0) exitCode = -1;
        // A damaged file that decoded in part keeps what was decoded (as a player would show it); one that gave no
        // frame at all is unreadable.
        if (exitCode != 0 && _framesRead == 0)
            throw new UnreadableMediaException($"The video could not be decoded: {string.Join(" ", failed.ErrorTail.TakeLast(3)).Trim()}");
        if (_endedInsideFrame && exitCode == 0) throw new InvalidDataException("ffmpeg ended inside a frame.");
        return false;
    }

    /// <summary>Copies the thinning ffmpeg's output into the decoder's input until either ends.</summary>
    private static void Feed(FfmpegProcess thinning, FfmpegProcess decoder)
    {
        try
        {
            thinning.StandardOutput.BaseStream.CopyTo(decoder.StandardInput);
        }
        catch (IOException)
        {
            // The decoder stopped reading (the reader was disposed, or the decoder failed): it says why, if anything.
        }
        finally
        {
            try
            {
                decoder.StandardInput.Dispose();
            }
            catch (IOException)
            {
            }
        }
    }

    private void Pump()
    {
        var pipe = _process.StandardOutput.BaseStream;
        try
        {
            while (true)
            {
                var frame = _free.TryTake(out var reused) ? reused : NewFrame();
                var bytes = frame.Bytes;
                var read = 0;
                while (read < bytes.Length && pipe.Read(bytes, read, bytes.Length - read) is var n and > 0) read += n;
                if (read < bytes.Length)
                {
                    _endedInsideFrame = read > 0;
                    return;
                }
                _filled.Add(frame);
            }
        }
        catch (InvalidOperationException)
        {
            // The reader was disposed mid-video: nobody takes frames any more.
        }
        finally
        {
            _filled.CompleteAdding();
        }
    }

    private PinnedFrame NewFrame()
    {
        var frame = new PinnedFrame(_width, _height);
        lock (_all) _all.Add(frame);
        return frame;
    }

    /// <summary>A <c>showinfo</c> line is the time of the next frame handed out; any other line of the log may explain a failure.</summary>
    private bool TakeSampleTime(string line)
    {
        var frame = ShowInfoFrame().Match(line);
        if (!frame.Success) return false;
        // A frame without a timestamp gets NaN: the caller places it one sample after the previous one.
        var pts = double.TryParse(frame.Groups["t"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : double.NaN;
        _firstPts ??= double.IsFinite(pts) ? pts : 0;
        _sampleTimes.Add(double.IsFinite(pts) ? pts - (_origin ?? _firstPts.Value) : double.NaN);
        return true;
    }

    /// <summary>Best effort: a kernel that refuses keeps the default size, which is only slower.</summary>
    private static void Enlarge(PipeStream pipe)
    {
        try
        {
            fcntl((int)pipe.SafePipeHandle.DangerousGetHandle(), SetPipeSize, PipeBytes);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int fcntl(int fd, int command, int argument);

    [GeneratedRegex(@"^\[showinfo@sampled @ [^\]]+\] n:\s*\d+\s+pts:\s*\S+\s+pts_time:(?<t>\S+)")]
    private static partial Regex ShowInfoFrame();

    public void Dispose()
    {
        _thinning?.Kill();
        _process.Kill();
        // Unblocks a pump waiting for room, then lets both readers see the end of the killed process's pipes.
        while (_filled.TryTake(out _)) { }
        Task.WaitAll([_pump, _stderr, _thinned], TimeSpan.FromSeconds(5));
        _process.Dispose();
        _thinning?.Dispose();
        lock (_all) foreach (var frame in _all) frame.Dispose();
        _filled.Dispose();
        _sampleTimes.Dispose();
    }

    /// <summary>A frame buffer on the pinned heap that the pump reads into and OpenCV reads from, without a copy.</summary>
    private sealed class PinnedFrame : IDisposable
    {
        public PinnedFrame(int width, int height)
        {
            Bytes = GC.AllocateUninitializedArray<byte>(width * height * 3 / 2, pinned: true);
            Image = Mat.FromPixelData(height * 3 / 2, width, MatType.CV_8UC1, Marshal.UnsafeAddrOfPinnedArrayElement(Bytes, 0));
        }

        public byte[] Bytes { get; }

        public Mat Image { get; }

        public void Dispose() => Image.Dispose();
    }
}
