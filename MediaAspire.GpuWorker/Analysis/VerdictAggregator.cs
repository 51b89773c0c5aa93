using MediaAspire.GpuWorker.Scoring;
using MediaAspire.Platform.Verdicts;

namespace MediaAspire.GpuWorker.Analysis;

/// <summary>
/// Folds per-keyframe results into one verdict. Explicitness is a MAX over keyframes (one explicit
/// scene makes the video explicit, as in the seed); quality is the median keyframe quality (robust to a
/// blurry transition frame or a black slate); tags carry the share of keyframes that support them.
/// </summary>
public static class VerdictAggregator
{
    public static double ExplicitScore(ClassScores scores, AnalysisOptions options) =>
        options.ExplicitRubric.Distinct(StringComparer.Ordinal).Sum(name => name switch
        {
            "Drawing" => scores.Drawing,
            "Hentai" => scores.Hentai,
            "Neutral" => scores.Neutral,
            "Porn" => scores.Porn,
            "Sexy" => scores.Sexy,
            _ => throw new ArgumentException($"Unknown class '{name}' in the explicit rubric."),
        });

    public static Verdict Aggregate(IReadOnlyList<KeyframeResult> keyframes, AnalysisOptions options)
    {
        if (keyframes.Count == 0) throw new ArgumentException("A verdict needs at least one keyframe.", nameof(keyframes));

        var explicitScores = keyframes.ToDictionary(k => k, k => ExplicitScore(k.Scores, options));
        var trigger = keyframes.MaxBy(k => explicitScores[k])!;
        var qualities = keyframes.Select(k => k.Quality.Score).Order().ToList();
        var median = qualities.Count % 2 == 1
            ? qualities[qualities.Count / 2]
            : (qualities[qualities.Count / 2 - 1] + qualities[qualities.Count / 2]) / 2;
        var poster = keyframes.Where(k => explicitScores[k] < options.ExplicitThreshold).MaxBy(k => k.Quality.Score);

        return new Verdict(
            explicitScores[trigger] >= options.ExplicitThreshold,
            Math.Round(explicitScores[trigger], 4),
            trigger.Time,
            Math.Round(median, 4),
            Tags(keyframes),
            poster?.Time);
    }

    /// <summary>"drawing" or "photo" by the classifier's mean illustrated share; "faces" and technical tags by how many keyframes show them.</summary>
    private static IReadOnlyList<SceneTag> Tags(IReadOnlyList<KeyframeResult> keyframes)
    {
        var tags = new List<SceneTag>();
        var drawn = keyframes.Average(k => (double)k.Scores.Drawing + k.Scores.Hentai);
        tags.Add(drawn >= 0.5 ? new SceneTag("drawing", Math.Round(drawn, 3)) : new SceneTag("photo", Math.Round(1 - drawn, 3)));
        var withFaces = keyframes.Count(k => k.Faces > 0) / (double)keyframes.Count;
        if (withFaces > 0) tags.Add(new SceneTag("faces", Math.Round(withFaces, 3)));
        foreach (var group in keyframes.SelectMany(k => k.Quality.Tags).GroupBy(t => t).OrderBy(g => g.Key, StringComparer.Ordinal))
            tags.Add(new SceneTag(group.Key, Math.Round(group.Count() / (double)keyframes.Count, 3)));
        return tags;
    }
}
