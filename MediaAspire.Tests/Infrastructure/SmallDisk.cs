using MediaAspire.Tests.Infrastructure.Servers;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// A small filesystem of its own, a tmpfs mounted for the test, that a test can fill to the last byte so a service's
/// next write fails with ENOSPC, as on a really full disk. Mounting needs root (CAP_SYS_ADMIN), which the CI machine
/// and the dev containers have; without it the test fails saying so rather than being skipped.
/// </summary>
public sealed class SmallDisk : IAsyncDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static async Task<SmallDisk> MountAsync(string parent, long bytes)
    {
        var path = Directory.CreateDirectory(System.IO.Path.Combine(parent, $"disk-{Guid.NewGuid():N}")).FullName;
        var (exitCode, output) = await RunAsync("mount", ["-t", "tmpfs", "-o", $"size={bytes},mode=0777", "tmpfs", path]);
        if (exitCode != 0)
            throw new InvalidOperationException($"Could not mount a {bytes}-byte tmpfs at {path} (exit {exitCode}: {output}); " +
                "the disk-full tests need root (CAP_SYS_ADMIN) to mount one.");
        return new SmallDisk(path);
    }

    /// <summary>Writes a filler file until the filesystem refuses another byte.</summary>
    /// <returns>The filler's size.</returns>
    public async Task<long> FillAsync()
    {
        await using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var chunk in new[] { 1 << 20, 4096, 1 })
        {
            var bytes = new byte[chunk];
            try
            {
                while (true) await filler.WriteAsync(bytes);
            }
            catch (IOException)
            {
                // Full at this granularity; the next, smaller one takes what is left.
            }
        }
        return filler.Length;
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("umount", ["-l", Path]);
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, List<string> arguments)
    {
        await using var process = ChildProcess.Start(program, arguments);
        await process.WaitForExitAsync();
        return (process.ExitCode ?? -1, process.RecentOutput);
    }
}
