namespace MediaAspire.GpuWorker.Scoring;

/// <summary>The content classifier's softmax probabilities for one image (they sum to 1).</summary>
public sealed record ClassScores(float Drawing, float Hentai, float Neutral, float Porn, float Sexy)
{
    /// <summary>The model's output order (nsfwjs NSFW_CLASSES): index i of the softmax is ClassNames[i].</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["Drawing", "Hentai", "Neutral", "Porn", "Sexy"];

    /// <summary>Keyed by the class names nsfwjs uses, in its order: the shape of a keyframe's <c>scores</c>.</summary>
    public IReadOnlyDictionary<string, float> ByClassName() => new Dictionary<string, float>
    {
        ["Drawing"] = Drawing,
        ["Hentai"] = Hentai,
        ["Neutral"] = Neutral,
        ["Porn"] = Porn,
        ["Sexy"] = Sexy,
    };

    internal static ClassScores FromProbabilities(ReadOnlySpan<float> p) => new(p[0], p[1], p[2], p[3], p[4]);
}
