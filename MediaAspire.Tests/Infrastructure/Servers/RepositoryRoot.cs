using MediaAspire.Tests.Infrastructure.Servers;
namespace MediaAspire.Tests.Infrastructure.Servers;

public static class RepositoryRoot
{
    /// <summary>The checkout the tests were built from (the directory holding MediaAspire.sln).</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MediaAspire.sln"))) return dir.FullName;
        throw new InvalidOperationException("The tests must run from inside the MediaAspire repository.");
    }
}
