namespace MediaAspire.Platform.Storage;

/// <summary>Objects as files under one root directory: the default for a single machine.</summary>
public sealed class FileSystemObjectStore : IObjectStore
{
    private const int BufferSize = 1 << 16;
    private readonly string _root;

    public FileSystemObjectStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public async Task<long> PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write beside the target and rename: a crash or a rejected upload never leaves a half file under the key.
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            long length;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                await content.CopyToAsync(file, BufferSize, cancellationToken);
                length = file.Length;
            }
            File.Move(temporary, path, overwrite: true);
            return length;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <remarks>The stream is a seekable <see cref="FileStream"/>, so HTTP range requests can be served from it directly.</remarks>
    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, useAsync: true));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(key);
        }
    }

    public async Task<Stream> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(range);
        var file = await OpenReadAsync(key, cancellationToken);
        file.Seek(Math.Min(range.Offset, file.Length), SeekOrigin.Begin);
        return new ReadWindowStream(file, range.Length);
    }

    public async Task DownloadToFileAsync(string key, string destinationPath, CancellationToken cancellationToken)
    {
        await using var source = await OpenReadAsync(key, cancellationToken);
        await using var destination = new FileStream(destinationPath, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        await source.CopyToAsync(destination, BufferSize, cancellationToken);
    }

    public Task<ObjectStat?> StatAsync(string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? new ObjectStat(key, file.Length) : null);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        // File.Delete ignores a missing file but not a missing directory.
        if (File.Exists(path)) File.Delete(path);
        return Task.CompletedTask;
    }

    public Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        ObjectKeys.ValidatePrefix(prefix);
        var directory = PathOf(prefix[..^1]);
        if (!Directory.Exists(directory)) return Task.FromResult(0);
        var count = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Count(f => !f.EndsWith(".partial", StringComparison.Ordinal));
        Directory.Delete(directory, recursive: true);
        return Task.FromResult(count);
    }

    /// <summary>The <c>.partial</c> files of puts whose process died before the rename (see <see cref="PutAsync"/>), and the
    /// directories that held nothing else.</summary>
    public Task<int> DeleteAbandonedWritesAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var before = DateTime.UtcNow - olderThan;
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(_root, "*.partial", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(file);
            if (!info.Exists || info.LastWriteTimeUtc > before) continue;
            info.Delete();
            removed++;
            // Up to the root, each directory the put created that is empty now.
            for (var directory = info.Directory; directory is not null && directory.FullName.Length > _root.Length
                 && !directory.EnumerateFileSystemInfos().Any(); directory = directory.Parent)
                directory.Delete();
        }
        return Task.FromResult(removed);
    }

    /// <summary>Files have no URL of their own: the API streams them.</summary>
    public Task<Uri?> GetReadUrlAsync(string key, TimeSpan lifetime, string contentType, string? contentDisposition, CancellationToken cancellationToken) =>
        Task.FromResult<Uri?>(null);

    private string PathOf(string key)
    {
        ObjectKeys.Validate(key);
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }
}
