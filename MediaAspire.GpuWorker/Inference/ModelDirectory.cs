namespace MediaAspire.GpuWorker.Inference;

/// <summary>
/// Finds the model files that scripts/fetch-models.sh puts in the repository's models/ folder: a configured folder
/// when one is set (the model's <c>…:ModelDirectory</c> setting), else the first one found walking up from the
/// application directory. The one way every model (scorer, OCR, faces) is found.
/// </summary>
internal static class ModelDirectory
{
    /// <summary>nsfwjs' MobileNetV2, the content scorer (Scoring:ModelDirectory).</summary>
    public const string RelativePath = "models/nsfwjs-4.4.0/mobilenet_v2";

    public static string Resolve(string? configured) => Resolve(configured, RelativePath, "model.min.js", "Scoring:ModelDirectory", "The content-scoring model");

    /// <param name="configured">The setting's value, or null to search.</param>
    /// <param name="relativePath">The folder under the repository root.</param>
    /// <param name="marker">A file the folder must hold.</param>
    /// <param name="setting">The setting's name, for the error message.</param>
    /// <param name="what">What the model is, for the error message.</param>
    public static string Resolve(string? configured, string relativePath, string marker, string setting, string what)
    {
        if (configured is not null)
            return File.Exists(Path.Combine(configured, marker))
                ? configured
                : throw new DirectoryNotFoundException($"{setting} '{configured}' holds no {marker}.");

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(Path.Combine(candidate, marker))) return candidate;
        }
        throw new DirectoryNotFoundException(
            $"{what} was not found: no {relativePath} above {AppContext.BaseDirectory}. " +
            $"Run scripts/fetch-models.sh (run.sh and test.sh do) or set {setting}.");
    }
}
