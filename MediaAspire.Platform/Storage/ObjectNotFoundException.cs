namespace MediaAspire.Platform.Storage;

public sealed class ObjectNotFoundException(string key) : Exception($"No stored object '{key}'.")
{
    public string Key { get; } = key;
}
