namespace MediaAspire.GpuWorker.Jobs;

/// <summary>
/// A job's own directory on the scratch disk, removed with everything in it when disposed: whatever
/// way a job ends (done, failed, cancelled, timed out), it leaves no temp files behind.
/// </summary>
public sealed class JobScratch : IDisposable
{
    private JobScratch(string directory) => Directory = directory;

    public string Directory { get; }

    public static JobScratch Create(string root, Guid jobId)
    {
        var directory = Path.Combine(root, jobId.ToString("N"));
        if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
        System.IO.Directory.CreateDirectory(directory);
        return new JobScratch(directory);
    }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
