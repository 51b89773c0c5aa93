using System.Text.Json;
using System.Text.Json.Nodes;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Quality;
using MediaAspire.GpuWorker.Scoring;
using MediaAspire.Platform.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Analysis;

/// <summary>
/// <c>MediaAspire.GpuWorker analyze &lt;file&gt;... [--json] [--min-keyframes N] [--max-keyframes N] [--model DIR]</c>:
/// the analysis stages on local files, without PostgreSQL or Redis. The --json shape is a contract
/// (documented in the README): users script against it. Configured like the worker (appsettings.json beside it, then
/// the environment: <c>Scoring__ModelDirectory</c>, <c>Scoring__Threads</c>, <c>Analysis__MaxKeyframes</c>,
/// <c>MediaLimits__…</c>); options on the command line win. Exit codes: 0 all files analysed, 1 some file could not
/// be, 2 the command itself cannot run (usage, model, configuration), each with one line on stderr.
/// </summary>
public static class AnalyzeCommand
{
    private const string Usage = "usage: MediaAspire.GpuWorker analyze <file>... [--json] [--min-keyframes N] [--max-keyframes N] [--model DIR]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--highlights")) return await Highlights.HighlightsCommand.RunAsync(args);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var files = new List<string>();
        var json = false;
        AnalysisOptions options;
        ScoringOptions scoring;
        MediaLimits limits;
        try
        {
            options = configuration.GetSection(AnalysisOptions.Section).Get<AnalysisOptions>() ?? new AnalysisOptions();
            scoring = configuration.GetSection(ScoringOptions.Section).Get<ScoringOptions>() ?? new ScoringOptions();
            limits = configuration.GetSection(MediaLimits.Section).Get<MediaLimits>() ?? new MediaLimits();
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"invalid configuration: {e.Message}");
            return 2;
        }
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json": json = true; break;
                case "--model" when i + 1 < args.Length:
                    scoring.ModelDirectory = args[++i]; break;
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

        ContentClassifier classifier;
        FaceDetector faces;
        try
        {
            classifier = ContentClassifier.Load(scoring);
            faces = new FaceDetector();
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or InvalidDataException or ArgumentException)
        {
            Console.Error.WriteLine($"cannot analyse: {e.Message}");
            return 2;
        }
        using var loadedClassifier = classifier;
        using var loadedFaces = faces;
        var analyzer = new VideoAnalyzer(new MediaProber(Options.Create(limits)), classifier, faces);
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
            catch (Exception e) when (e is UnreadableMediaException or MediaTooLongException or FileNotFoundException or IOException)
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
