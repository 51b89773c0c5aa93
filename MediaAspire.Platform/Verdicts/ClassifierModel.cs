namespace MediaAspire.Platform.Verdicts;

/// <summary>
/// The classifier whose verdicts count now. Verdicts are stored per model version, so the API can tell
/// which assets a backfill still has to classify without loading the model; the worker scores with it.
/// </summary>
public static class ClassifierModel
{
    public const string Name = "nsfwjs/mobilenet_v2";

    /// <summary>The npm package version the weights come from (pinned in scripts/fetch-models.sh).</summary>
    public const string Version = "4.4.0";

    /// <summary>How verdicts name their model: <c>nsfwjs/mobilenet_v2@4.4.0</c>.</summary>
    public const string Current = $"{Name}@{Version}";

    /// <summary>The model as a path segment, for object keys.</summary>
    public static string Slug(string model) => model.Replace('/', '-').Replace('@', '-');
}
