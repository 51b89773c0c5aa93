using MediaAspire.Platform.Verdicts;

namespace MediaAspire.GpuWorker.Verdicts;

/// <summary>
/// Folds scored keyframes into one verdict. Explicitness is a MAX over keyframes (one explicit
/// scene makes the video explicit, as in the seed); quality is the median keyframe quality (robust to a
/// blurry transition frame or a black slate); tags carry the share of keyframes that support them.
/// </summary>
public static class VerdictAggregator
{
    public static double ExplicitScore(IReadOnlyDictionary<string, float> scores, VerdictOptions options) =>
        options.ExplicitRubric.Distinct(StringComparer.Ordinal).Sum(name => scores.TryGetValue(name, out var score)
            ? score
            : throw new ArgumentException($"Unknown class '{name}' in the explicit rubric."));

    /// <summary>The decision and its keyframes; the caller adds where they came from (scenes, cuts, model, timings)
    /// and whose they are (asset, job, poster URL).</summary>
    public static Verdict Aggregate(IReadOnlyList<Keyframe> keyframes, VerdictOptions options)
    {
        if (keyframes.Count == 0) throw new ArgumentException("A verdict needs at least one keyframe.", nameof(keyframes));

        var explicitScores = keyframes.ToDictionary(k => k, k => ExplicitScore(k.Scores, options));
        var trigger = keyframes.MaxBy(k => explicitScores[k])!;
        var qualities = keyframes.Select(k => k.Quality).Order().ToList();
        var median = qualities.Count % 2 == 1
            ? qualities[qualities.Count / 2]
            : (qualities[qualities.Count / 2 - 1] + qualities[qualities.Count / 2]) / 2;
        var poster = keyframes.Where(k => explicitScores[k] < options.ExplicitThreshold).MaxBy(k => k.Quality);

        return new Verdict(
            AssetId: Guid.Empty, JobId: null,
            IsExplicit: explicitScores[trigger] >= options.ExplicitThreshold,
            ExplicitScore: Math.Round(explicitScores[trigger], 4),
            Threshold: options.ExplicitThreshold,
            TriggerT: trigger.T,
            QualityScore: Math.Round(median, 4),
            SceneTags: Tags(keyframes),
            PosterT: poster?.T,
            PosterUrl: null,
            Model: "", Device: "", Kind: "video", DurationSeconds: null,
            Scenes: [], Cuts: [], Keyframes: keyframes, StageMs: new Dictionary<string, double>());
    }

    /// <summary>"drawing" or "photo" by the classifier's mean illustrated share; "faces" and technical tags by how many keyframes show them.</summary>
    private static IReadOnlyList<SceneTag> Tags(IReadOnlyList<Keyframe> keyframes)
    {
        var tags = new List<SceneTag>();
        var drawn = keyframes.Average(k => (double)k.Scores["Drawing"] + k.Scores["Hentai"]);
        tags.Add(drawn >= 0.5 ? new SceneTag("drawing", Math.Round(drawn, 3)) : new SceneTag("photo", Math.Round(1 - drawn, 3)));
        var withFaces = keyframes.Count(k => k.Faces > 0) / (double)keyframes.Count;
        if (withFaces > 0) tags.Add(new SceneTag("faces", Math.Round(withFaces, 3)));
        foreach (var group in keyframes.SelectMany(k => k.Tags ?? []).GroupBy(t => t).OrderBy(g => g.Key, StringComparer.Ordinal))
            tags.Add(new SceneTag(group.Key, Math.Round(group.Count() / (double)keyframes.Count, 3)));
        return tags;
    }
}
