using MediaAspire.GpuWorker.Scoring;
using MediaAspire.Platform.Verdicts;

namespace MediaAspire.GpuWorker.Analysis;

/// <summary>An analysis in the shapes users read: the API's <see cref="Classification"/> and the CLI's keyframes and scenes.</summary>
public static class ClassificationReport
{
    public static Classification From(MediaAnalysis analysis, Guid assetId, Guid? jobId, AnalysisOptions options)
    {
        var verdict = analysis.Verdict;
        return new Classification(
            assetId, jobId,
            verdict.IsExplicit, verdict.ExplicitScore, options.ExplicitThreshold, verdict.TriggerTime,
            verdict.QualityScore, verdict.SceneTags, verdict.PosterTime,
            verdict.PosterTime is null ? null : Classification.PosterPath(assetId),
            analysis.Model, analysis.Device,
            analysis.Kind == MediaKind.Video ? "video" : "image",
            analysis.Probe.DurationSeconds,
            Scenes(analysis), analysis.Cuts, Keyframes(analysis), analysis.StageMilliseconds);
    }

    public static IReadOnlyList<SceneSpan> Scenes(MediaAnalysis analysis) =>
        analysis.Scenes.Select(s => new SceneSpan(s.Start, s.End)).ToList();

    public static IReadOnlyList<KeyframeReport> Keyframes(MediaAnalysis analysis) =>
        analysis.Keyframes.Select(k => new KeyframeReport(k.Time, k.Scene, Math.Round(k.Quality.Score, 4), k.Faces, Scores(k.Scores), k.Quality.Tags)).ToList();

    /// <summary>Keyed by the class names nsfwjs uses, in its order.</summary>
    private static IReadOnlyDictionary<string, float> Scores(ClassScores s) => new Dictionary<string, float>
    {
        ["Drawing"] = s.Drawing,
        ["Hentai"] = s.Hentai,
        ["Neutral"] = s.Neutral,
        ["Porn"] = s.Porn,
        ["Sexy"] = s.Sexy,
    };
}
