using System.Security.Cryptography;
using System.Text.Json;

namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// Where a local run keeps its data (PostgreSQL, Redis, objects) and the credentials it generated, so a
/// restart finds everything as it was. PostgreSQL runs as 'postgres' under root and cannot enter
/// /root, so root's state lives under /var/lib.
/// </summary>
public sealed class StateDirectory
{
    private StateDirectory(string path) => Path = path;

    public string Path { get; }

    public static StateDirectory Resolve(string? configured)
    {
        var path = configured;
        if (string.IsNullOrWhiteSpace(path))
        {
            var stateHome = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            path = Signals.IsRoot ? "/var/lib/mediaaspire"
                : System.IO.Path.Combine(string.IsNullOrEmpty(stateHome)
                    ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state")
                    : stateHome, "mediaaspire");
        }
        Directory.CreateDirectory(path);
        return new StateDirectory(System.IO.Path.GetFullPath(path));
    }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A secret generated once and then read back on every start.</summary>
    public string Secret(string name)
    {
        var file = Sub("secrets.json");
        var secrets = File.Exists(file)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file)) ?? []
            : [];
        if (secrets.TryGetValue(name, out var value)) return value;
        value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        secrets[name] = value;
        File.WriteAllText(file, JsonSerializer.Serialize(secrets, new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return value;
    }
}
