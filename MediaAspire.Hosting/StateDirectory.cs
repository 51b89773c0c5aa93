using System.Security.Cryptography;
using System.Text.Json;

namespace MediaAspire.Hosting;

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
            path = Environment.UserName == "root" ? "/var/lib/mediaaspire"
                : System.IO.Path.Combine(string.IsNullOrEmpty(stateHome)
                    ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state")
                    : stateHome, "mediaaspire");
        }
        Directory.CreateDirectory(path);
        return new StateDirectory(System.IO.Path.GetFullPath(path));
    }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    // Static: every StateDirectory of one path shares secrets.json.
    private static readonly Lock SecretsLock = new();

    /// <summary>
    /// A secret generated once and then read back on every start. Resources resolve their parameters in
    /// parallel, so reads and writes are serialised, and the file is replaced by a rename: two writers
    /// truncating the same file once left it holding one JSON object followed by the other's tail.
    /// </summary>
    public string Secret(string name)
    {
        lock (SecretsLock)
        {
            var file = Sub("secrets.json");
            var secrets = File.Exists(file) ? Read(file) : [];
            if (secrets.TryGetValue(name, out var value)) return value;
            value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            secrets[name] = value;
            var temporary = $"{file}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(secrets, new JsonSerializerOptions { WriteIndented = true }));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temporary, file, overwrite: true);
            return value;
        }
    }

    private static Dictionary<string, string> Read(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file)) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException(
                $"{file} is not a JSON object of secrets ({e.Message}). Repair it by hand: PostgreSQL and Redis in this state directory were set up with the passwords it holds.", e);
        }
    }
}
