namespace MediaAspire.Platform.Storage;

/// <summary>Objects as files under one root directory: the default for a single machine.</summary>
public sealed class FileSystemObjectStore : IObjectStore
{
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
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await content.CopyToAsync(file, 1 << 16, cancellationToken);
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

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) throw new ObjectNotFoundException(key);
        return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true));
    }

    public async Task DownloadToFileAsync(string key, string destinationPath, CancellationToken cancellationToken)
    {
        await using var source = await OpenReadAsync(key, cancellationToken);
        await using var destination = new FileStream(destinationPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await source.CopyToAsync(destination, 1 << 16, cancellationToken);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(key)));

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Split('/').Any(part => part is "" or "." or ".."))
            throw new ArgumentException($"'{key}' is not a valid object key.", nameof(key));
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }
}
