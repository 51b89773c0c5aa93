namespace MediaAspire.GpuWorker.Scoring;

/// <summary>Finds the nsfwjs model files that scripts/fetch-models.sh puts in the repository's models/ folder.</summary>
internal static class ModelDirectory
{
    public const string RelativePath = "models/nsfwjs-4.4.0/mobilenet_v2";

    public static string Resolve(string? configured)
    {
        if (configured is not null)
            return File.Exists(Path.Combine(configured, "model.min.js"))
                ? configured
                : throw new DirectoryNotFoundException($"Scoring:ModelDirectory '{configured}' holds no model.min.js.");

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(Path.Combine(candidate, "model.min.js"))) return candidate;
        }
        throw new DirectoryNotFoundException(
            $"The content-scoring model was not found: no {RelativePath} above {AppContext.BaseDirectory}. " +
            "Run scripts/fetch-models.sh (run.sh and test.sh do) or set Scoring:ModelDirectory.");
    }
}
