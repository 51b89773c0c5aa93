using System.Text.Json;
using System.Text.Json.Nodes;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Quality;
using MediaAspire.GpuWorker.Scoring;
using MediaAspire.Platform.Json;

namespace MediaAspire.GpuWorker.Analysis;

/// <summary>
/// <c>MediaAspire.GpuWorker analyze &lt;file&gt;... [--json] [--min-keyframes N] [--max-keyframes N]</c>:
/// the analysis stages on local files, without PostgreSQL or Redis. The --json shape is a contract
/// (documented in the README): users script against it.
/// </summary>
public static class AnalyzeCommand
{
    private const string Usage = "usage: MediaAspire.GpuWorker analyze <file>... [--json] [--min-keyframes N] [--max-keyframes N]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--highlights")) return await Highlights.HighlightsCommand.RunAsync(args);
        var files = new List<string>();
        var json = false;
        var options = new AnalysisOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json": json = true; break;
                case "--min-keyframes" when i + 1 < args.Length && int.TryParse(args[i + 1], out var min) && min >= 1:
                    options = options with { MinKeyframes = min }; i++; break;
                case "--max-keyframes" when i + 1 < args.Length && int.TryParse(args[i + 1], out var max) && max >= 1:
                    options = options with { MaxKeyframes = max }; i++; break;
                case var flag when flag.StartsWith("--", StringComparison.Ordinal):
                    Console.Error.WriteLine($"unknown or incomplete option '{flag}'\n{Usage}");
                    return 2;
                default: files.Add(args[i]); break;
            }
        }
        // Asking only for fewer keyframes than the default minimum lowers the minimum with it.
        if (!args.Contains("--min-keyframes") && options.MaxKeyframes < options.MinKeyframes)
            options = options with { MinKeyframes = options.MaxKeyframes };
        if (files.Count == 0 || options.MinKeyframes > options.MaxKeyframes)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        using var classifier = ContentClassifier.Load(new ScoringOptions());
        using var faces = new FaceDetector();
        var analyzer = new VideoAnalyzer(new MediaProber(), classifier, faces);
        var results = new JsonArray();
        var failed = false;
        foreach (var file in files)
        {
            try
            {
                var analysis = await analyzer.AnalyzeAsync(file, options, ProgressBar(file), CancellationToken.None);
                if (!Console.IsErrorRedirected) Console.Error.WriteLine();
                results.Add(ToJson(analysis));
                if (!json) Console.WriteLine(Summary(analysis));
            }
            catch (Exception e) when (e is UnreadableMediaException or FileNotFoundException or IOException)
            {
                failed = true;
                results.Add(new JsonObject { ["path"] = file, ["error"] = e.Message });
                Console.Error.WriteLine($"{file}: {e.Message}");
            }
        }
        if (json) Console.WriteLine(new JsonObject { ["files"] = results }.ToJsonString());
        return failed ? 1 : 0;
    }

    private static IProgress<AnalysisProgress>? ProgressBar(string file) =>
        Console.IsErrorRedirected ? null : new Progress<AnalysisProgress>(p =>
        {
            var filled = (int)Math.Round(p.Fraction * 30);
            Console.Error.Write($"\r{Path.GetFileName(file)} [{new string('#', filled)}{new string(' ', 30 - filled)}] {p.Fraction * 100,3:F0}% {p.Stage,-8}");
        });

    private static string Summary(MediaAnalysis a)
    {
        var tags = string.Join(", ", a.Verdict.SceneTags.Select(t => FormattableString.Invariant($"{t.Tag} {t.Confidence:F2}")));
        var explicitness = a.Verdict.IsExplicit ? "EXPLICIT" : "not explicit";
        return FormattableString.Invariant(
            $"{a.Path}: {explicitness} (explicit {a.Verdict.ExplicitScore:F3} at {a.Verdict.TriggerTime:F2} s), quality {a.Verdict.QualityScore:F2}, {a.Keyframes.Count} keyframes, {a.Cuts.Count} cuts, tags: {tags}");
    }

    private static JsonObject ToJson(MediaAnalysis a) => new()
    {
        ["path"] = a.Path,
        ["kind"] = a.Kind == MediaKind.Video ? "video" : "image",
        ["probe"] = JsonSerializer.SerializeToNode(a.Probe, PlatformJson.Options),
        ["scenes"] = JsonSerializer.SerializeToNode(ClassificationReport.Scenes(a), PlatformJson.Options),
        ["cuts"] = JsonSerializer.SerializeToNode(a.Cuts, PlatformJson.Options),
        ["keyframes"] = JsonSerializer.SerializeToNode(ClassificationReport.Keyframes(a), PlatformJson.Options),
        ["verdict"] = new JsonObject
        {
            ["is_explicit"] = a.Verdict.IsExplicit,
            ["explicit_score"] = a.Verdict.ExplicitScore,
            ["quality_score"] = a.Verdict.QualityScore,
            ["scene_tags"] = JsonSerializer.SerializeToNode(a.Verdict.SceneTags, PlatformJson.Options),
            ["poster_t"] = a.Verdict.PosterTime,
        },
    };
}
