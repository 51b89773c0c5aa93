using System.Text.Json;
using MediaAspire.Hosting;

namespace MediaAspire.Tests.AppHost;

/// <summary>Generated secrets survive parallel resolution (resources start concurrently) and restarts.</summary>
public sealed class StateDirectoryTests : IDisposable
{
    private readonly string _path = Directory.CreateTempSubdirectory("mediaaspire-state-").FullName;

    [Fact]
    public void Secrets_resolved_in_parallel_are_all_kept_and_read_back_after_a_restart()
    {
        var state = StateDirectory.Resolve(_path);
        var names = Enumerable.Range(0, 64).Select(i => $"secret-{i}").ToArray();

        // Dedicated threads released together: the thread pool would otherwise run them one after another.
        var generated = new (string name, string value)[names.Length];
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var start = new Barrier(names.Length);
        var threads = names.Select((name, i) => new Thread(() =>
        {
            start.SignalAndWait();
            try { generated[i] = (name, state.Secret(name)); }
            catch (Exception e) { errors.Enqueue(e); }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);

        var onDisk = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(_path, "secrets.json")))!;
        Assert.Equal(names.Order(), onDisk.Keys.Order());
        var restarted = StateDirectory.Resolve(_path);
        foreach (var (name, value) in generated)
        {
            Assert.Equal(48, value.Length);
            Assert.Equal(value, onDisk[name]);
            Assert.Equal(value, restarted.Secret(name));
        }
        Assert.Empty(Directory.GetFiles(_path, "*.tmp"));
    }

    public void Dispose() => Directory.Delete(_path, recursive: true);
}
