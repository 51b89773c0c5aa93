namespace MediaAspire.Tests.Infrastructure.Servers;

/// <summary>Finds programs on a search path, as a shell would.</summary>
public static class ProgramLocator
{
    /// <param name="searchPath">Directories separated by ':'; null: this process's PATH.</param>
    /// <returns>The first executable file named <paramref name="program"/>, or null.</returns>
    public static string? Find(string program, string? searchPath = null)
    {
        foreach (var directory in (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                return candidate;
        }
        return null;
    }
}
