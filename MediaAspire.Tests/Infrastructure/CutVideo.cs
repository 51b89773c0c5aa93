using System.Globalization;
using System.Text;
using MediaAspire.Platform.Processes;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>How a shot moves over its photo.</summary>
public enum Motion { Still, ZoomIn, ZoomOut, Pan, FastPan }

/// <summary>How a shot follows the previous one.</summary>
public enum Join { Cut, Dissolve, FadeThroughBlack }

/// <param name="Photo">Path of a still photo (Debian's plasma-workspace-wallpapers).</param>
/// <param name="Flashes">Frame offsets inside the shot where a bright flash of <see cref="FlashFrames"/> frames starts.</param>
public sealed record Shot(string Photo, Motion Motion, double Seconds, Join Join = Join.Cut, int[]? Flashes = null, int FlashFrames = 2);

/// <summary>Where the edit puts a boundary: a cut (Start == End) or a gradual transition, in seconds.</summary>
public sealed record ExpectedBoundary(double Start, double End)
{
    public bool IsCut => Start == End;
}

/// <summary>
/// An edited video made with the real ffmpeg from real photos, whose boundaries are known because we made
/// them: zoompan zooms and pans (not cuts), hard cuts, bright flash frames (not cuts), dissolves and fades
/// through black (one gradual transition each). Shared by the scene tests and the scene benchmark.
/// </summary>
/// <param name="Flashes">Times of the first and last frame of each flash.</param>
public sealed record CutVideo(string Path, IReadOnlyList<ExpectedBoundary> Boundaries, IReadOnlyList<(double First, double Last)> Flashes, double Seconds, int Fps)
{
    public const double TransitionSeconds = 1.0;
    private const string Wallpapers = "/usr/share/wallpapers";

    /// <summary>A wallpaper photo by name (e.g. "Autumn"): its 2560x1600 JPEG, else its largest landscape image
    /// (the package ships some only as 3840x2160 or 5120x2880); failing plainly when the package is missing.</summary>
    public static string Photo(string name)
    {
        var images = System.IO.Path.Combine(Wallpapers, name, "contents", "images");
        var preferred = System.IO.Path.Combine(images, "2560x1600.jpg");
        if (File.Exists(preferred)) return preferred;
        var largest = System.IO.Directory.Exists(images)
            ? System.IO.Directory.GetFiles(images)
                .Select(f => (Path: f, Size: System.IO.Path.GetFileNameWithoutExtension(f).Split('x')))
                .Where(f => f.Size.Length == 2 && int.TryParse(f.Size[0], out var w) && int.TryParse(f.Size[1], out var h) && w > h)
                .MaxBy(f => int.Parse(f.Size[0], CultureInfo.InvariantCulture)).Path
            : null;
        return largest ?? throw new FileNotFoundException(
            $"{images} has no landscape photo: install Debian's plasma-workspace-wallpapers (scripts/install-prerequisites.sh).");
    }

    /// <summary>x264's defaults (keyframes at most 250 frames apart and wherever it sees a scene change).</summary>
    public static readonly IReadOnlyList<string> DefaultEncoder = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23"];

    /// <summary>Keyframes every <paramref name="seconds"/> and nowhere else, as streaming encoders and cameras make them:
    /// cuts fall inside GOPs.</summary>
    public static IReadOnlyList<string> FixedGop(double seconds, int fps = 25, string codec = "libx264") =>
        ["-c:v", codec, "-preset", "veryfast", "-crf", "23", "-g", ((int)Math.Round(seconds * fps)).ToString(CultureInfo.InvariantCulture),
         "-keyint_min", ((int)Math.Round(seconds * fps)).ToString(CultureInfo.InvariantCulture), "-sc_threshold", "0",
         .. codec == "libx265" ? (string[])["-x265-params", "scenecut=0:log-level=error"] : []];

    /// <summary>Every frame a keyframe (editing intermediates, some screen and camera codecs).</summary>
    public static readonly IReadOnlyList<string> AllIntra = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-g", "1"];

    /// <param name="encoder">Encoder arguments (codec and GOP structure): <see cref="DefaultEncoder"/> unless given.</param>
    public static async Task<CutVideo> MakeAsync(string path, IReadOnlyList<Shot> shots, int width, int height, int fps = 25, IReadOnlyList<string>? encoder = null)
    {
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-y" };
        foreach (var shot in shots) arguments.AddRange(["-i", shot.Photo]);

        var graph = new StringBuilder();
        var flashes = new List<(int From, int To)>();
        var boundaries = new List<ExpectedBoundary>();
        var frames = 0; // frames in the chain built so far
        for (var i = 0; i < shots.Count; i++)
        {
            var shot = shots[i];
            var length = (int)Math.Round(shot.Seconds * fps);
            graph.Append(CultureInfo.InvariantCulture,
                $"[{i}:v]scale={2 * width}:{2 * height}:force_original_aspect_ratio=increase,crop={2 * width}:{2 * height},setsar=1," +
                $"zoompan={ZoomPan(shot.Motion, length)}:d={length}:s={width}x{height}:fps={fps},format=yuv420p,settb=1/{fps}[s{i}];");
            int start;
            if (i == 0)
            {
                graph.Append("[s0]null[c0];");
                start = 0;
            }
            else if (shot.Join == Join.Cut)
            {
                graph.Append(CultureInfo.InvariantCulture, $"[c{i - 1}][s{i}]concat=n=2:v=1:a=0,settb=1/{fps}[c{i}];");
                start = frames;
                boundaries.Add(new ExpectedBoundary((double)start / fps, (double)start / fps));
            }
            else if (shot.Join == Join.Dissolve)
            {
                var overlap = (int)Math.Round(TransitionSeconds * fps);
                start = frames - overlap;
                graph.Append(CultureInfo.InvariantCulture,
                    $"[c{i - 1}][s{i}]xfade=transition=fade:duration={TransitionSeconds}:offset={(double)start / fps},settb=1/{fps}[c{i}];");
                boundaries.Add(new ExpectedBoundary((double)start / fps, (double)(start + overlap) / fps));
            }
            else
            {
                // Fade out to black over the end of the previous shot, fade in over the start of this one (ffmpeg 5.1's
                // xfade "fadeblack" mixes towards YUV zero, which is green, so the edit is made the classic way).
                var half = TransitionSeconds / 2;
                start = frames;
                graph.Append(CultureInfo.InvariantCulture,
                    $"[c{i - 1}]fade=t=out:st={(double)frames / fps - half}:d={half}[o{i}];[s{i}]fade=t=in:st=0:d={half}[n{i}];" +
                    $"[o{i}][n{i}]concat=n=2:v=1:a=0,settb=1/{fps}[c{i}];");
                boundaries.Add(new ExpectedBoundary((double)start / fps - half, (double)start / fps + half));
            }
            foreach (var flash in shot.Flashes ?? []) flashes.Add((start + flash, start + flash + shot.FlashFrames - 1));
            frames = start + length;
        }
        var enable = flashes.Count == 0 ? "0" : string.Join('+', flashes.Select(f => $"between(n,{f.From},{f.To})"));
        // A flash: the picture blown out towards white for a frame or two, then the same shot again.
        graph.Append(CultureInfo.InvariantCulture, $"[c{shots.Count - 1}]lutyuv=y='min(255,val*1.6+90)':u='128+(val-128)*0.4':v='128+(val-128)*0.4':enable='{enable}'[out]");

        arguments.AddRange(["-filter_complex", graph.ToString(), "-map", "[out]", .. encoder ?? DefaultEncoder,
            "-pix_fmt", "yuv420p", "-r", fps.ToString(CultureInfo.InvariantCulture), path]);
        await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg(arguments), CancellationToken.None);
        return new CutVideo(path, boundaries, flashes.Select(f => ((double)f.From / fps, (double)f.To / fps)).ToList(), (double)frames / fps, fps);
    }

    /// <summary>How long an edit of these shots runs: only a dissolve overlaps its neighbours (a fade through black is
    /// made inside the two shots).</summary>
    public static double DurationOf(IReadOnlyList<Shot> shots) =>
        shots.Sum(s => s.Seconds) - shots.Skip(1).Count(s => s.Join == Join.Dissolve) * TransitionSeconds;

    /// <summary>zoompan expressions over a 2x-sized photo: `on` is the output frame number.</summary>
    private static string ZoomPan(Motion motion, int length) => motion switch
    {
        Motion.Still => "z=1.25:x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2'",
        Motion.ZoomIn => $"z='1+0.6*on/{length}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2'",
        Motion.ZoomOut => $"z='1.6-0.6*on/{length}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2'",
        Motion.Pan => $"z=1.5:x='(iw-iw/zoom)*on/{length}':y='ih/2-ih/zoom/2'",
        // the whole photo width in the shot's length: a whip-like pan, the frame moves ~40 % a second
        Motion.FastPan => $"z=2:x='(iw-iw/zoom)*(1-on/{length})':y='(ih-ih/zoom)*on/{length}'",
        _ => throw new ArgumentOutOfRangeException(nameof(motion)),
    };

    /// <summary>A second edit, never used to tune the detector: other photos (some abstract, some dark), shorter shots,
    /// a flash right after a cut, a cut straight out of a fast pan, a dissolve into a zoom. Boundaries at least 2 s apart.</summary>
    public static IReadOnlyList<Shot> HeldOutEdit() =>
    [
        new(Photo("Volna"), Motion.ZoomOut, 2.5),
        new(Photo("ColorfulCups"), Motion.FastPan, 2.5),
        new(Photo("Shell"), Motion.Still, 2, Flashes: [6]),
        new(Photo("Honeywave"), Motion.Pan, 3, Join.Dissolve),
        new(Photo("OneStandsOut"), Motion.ZoomIn, 2.5),
        new(Photo("SafeLanding"), Motion.FastPan, 3.5, Join.FadeThroughBlack),
        new(Photo("Flow"), Motion.Still, 2),
        new(Photo("Canopee"), Motion.ZoomIn, 3, Flashes: [40], FlashFrames: 1),
        new(Photo("Cascade"), Motion.Pan, 2.5),
    ];

    /// <summary>Long shots, as in interviews, lectures and surveillance: most GOPs hold no boundary and a keyframes-first
    /// pass skips them; between them cuts, flashes, a dissolve, slow pans and zooms.</summary>
    public static IReadOnlyList<Shot> LongShotEdit(double scale = 1.0) =>
    [
        new(Photo("Altai"), Motion.Still, 9 * scale),
        new(Photo("Kokkini"), Motion.Still, 10 * scale, Flashes: [120]),
        new(Photo("Opal"), Motion.Pan, 9 * scale, Join.Dissolve),
        new(Photo("PastelHills"), Motion.Pan, 11 * scale),
        new(Photo("Kite"), Motion.ZoomIn, 8 * scale),
        new(Photo("MilkyWay"), Motion.ZoomIn, 9 * scale, Flashes: [60]),
    ];

    /// <summary>An edit that exercises every case: zooms, pans, a fast pan, flashes, cuts, a dissolve and a fade
    /// through black. Boundaries are at least 2 s apart.</summary>
    public static IReadOnlyList<Shot> StandardEdit(double scale = 1.0) =>
    [
        new(Photo("Autumn"), Motion.ZoomIn, 3 * scale),
        new(Photo("BytheWater"), Motion.Pan, 3 * scale),
        new(Photo("ColdRipple"), Motion.Still, 3 * scale, Flashes: [30]),
        new(Photo("EveningGlow"), Motion.FastPan, 3 * scale),
        new(Photo("FallenLeaf"), Motion.ZoomOut, 3.5 * scale, Join.Dissolve),
        new(Photo("Path"), Motion.Pan, 3 * scale, Flashes: [20, 50], FlashFrames: 1),
        new(Photo("Kite"), Motion.ZoomIn, 3.5 * scale, Join.FadeThroughBlack),
        new(Photo("summer_1am"), Motion.FastPan, 3 * scale, Flashes: [25], FlashFrames: 3),
        new(Photo("DarkestHour"), Motion.Still, 2.5 * scale),
    ];
}
