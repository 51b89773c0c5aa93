using System.Text.Json;
using System.Text.Json.Nodes;
using MediaAspire.GpuWorker.Inference;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Quality;
using MediaAspire.GpuWorker.Scoring;
using MediaAspire.GpuWorker.Verdicts;
using MediaAspire.Platform.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Cli;

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
        if (args.Contains("--highlights")) return await HighlightsCommand.RunAsync(args);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var files = new List<string>();
        var json = false;
        VerdictOptions options;
        ScoringOptions scoring;
        FaceOptions faceOptions;
        MediaLimits limits;
        try
        {
            options = configuration.GetSection(VerdictOptions.Section).Get<VerdictOptions>() ?? new VerdictOptions();
            scoring = configuration.GetSection(ScoringOptions.Section).Get<ScoringOptions>() ?? new ScoringOptions();
            faceOptions = configuration.GetSection(FaceOptions.Section).Get<FaceOptions>() ?? new FaceOptions();
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

        // The classifier (LibTorch and the weights, ~0.3 s) loads while the first file is probed and decoded; only finding
        // its folder is done first, so a missing model is still reported before any file is touched.
        Task<ContentClassifier> classifier;
        FaceDetector faces;
        try
        {
            scoring.ModelDirectory = ModelDirectory.Resolve(scoring.ModelDirectory);
            classifier = Task.Run(() => ContentClassifier.Load(scoring));
            faces = new FaceDetector(faceOptions);
        }
        catch (Exception e) when (IsModelProblem(e))
        {
            Console.Error.WriteLine($"cannot analyse: {e.Message}");
            return 2;
        }
        using var loadedFaces = faces;
        var pipeline = new VerdictPipeline(new MediaProber(Options.Create(limits)), classifier, faces);
        var results = new JsonArray();
        var failed = false;
        foreach (var file in files)
        {
            try
            {
                var classified = await pipeline.RunAsync(file, options, ProgressBar(file), CancellationToken.None);
                if (!Console.IsErrorRedirected) Console.Error.WriteLine();
                results.Add(ToJson(classified));
                if (!json) Console.WriteLine(Summary(classified));
            }
            catch (Exception e) when (classifier.IsFaulted && IsModelProblem(e))
            {
                Console.Error.WriteLine($"cannot analyse: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is UnreadableMediaException or MediaTooLongException or FileNotFoundException or IOException)
            {
                failed = true;
                results.Add(new JsonObject { ["path"] = file, ["error"] = e.Message });
                Console.Error.WriteLine($"{file}: {e.Message}");
            }
        }
        if (json) Console.WriteLine(new JsonObject { ["files"] = results }.ToJsonString());
        // The process must not exit while LibTorch is still loading on another thread, as it would when every file failed
        // before its scoring: glibc aborts it (exit code 134 instead of 1).
        await ((Task)classifier).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (classifier.IsCompletedSuccessfully) classifier.Result.Dispose();
        return failed ? 1 : 0;
    }

    private static bool IsModelProblem(Exception e) => e is DirectoryNotFoundException or FileNotFoundException or InvalidDataException or ArgumentException;

    private static IProgress<VerdictProgress>? ProgressBar(string file) =>
        Console.IsErrorRedirected ? null : new Progress<VerdictProgress>(p =>
        {
            var filled = (int)Math.Round(p.Fraction * 30);
            Console.Error.Write($"\r{Path.GetFileName(file)} [{new string('#', filled)}{new string(' ', 30 - filled)}] {p.Fraction * 100,3:F0}% {p.Stage,-8}");
        });

    private static string Summary(MediaVerdict m)
    {
        var v = m.Verdict;
        var tags = string.Join(", ", v.SceneTags.Select(t => FormattableString.Invariant($"{t.Tag} {t.Confidence:F2}")));
        var explicitness = v.IsExplicit ? "EXPLICIT" : "not explicit";
        return FormattableString.Invariant(
            $"{m.Path}: {explicitness} (explicit {v.ExplicitScore:F3} at {v.TriggerT:F2} s), quality {v.QualityScore:F2}, {v.Keyframes.Count} keyframes, {v.Cuts.Count} cuts, tags: {tags}");
    }

    private static JsonObject ToJson(MediaVerdict m) => new()
    {
        ["path"] = m.Path,
        ["kind"] = m.Verdict.Kind,
        ["probe"] = JsonSerializer.SerializeToNode(m.Probe, PlatformJson.Options),
        ["scenes"] = JsonSerializer.SerializeToNode(m.Verdict.Scenes, PlatformJson.Options),
        ["cuts"] = JsonSerializer.SerializeToNode(m.Verdict.Cuts, PlatformJson.Options),
        ["keyframes"] = JsonSerializer.SerializeToNode(m.Verdict.Keyframes, PlatformJson.Options),
        ["verdict"] = new JsonObject
        {
            ["is_explicit"] = m.Verdict.IsExplicit,
            ["explicit_score"] = m.Verdict.ExplicitScore,
            ["quality_score"] = m.Verdict.QualityScore,
            ["scene_tags"] = JsonSerializer.SerializeToNode(m.Verdict.SceneTags, PlatformJson.Options),
            ["poster_t"] = m.Verdict.PosterT,
        },
    };
}
