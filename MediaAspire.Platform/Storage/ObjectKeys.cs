namespace MediaAspire.Platform.Storage;

/// <summary>Key rules shared by the stores, so a key valid for one is valid for all.</summary>
internal static class ObjectKeys
{
    public static void Validate(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Split('/').Any(part => part is "" or "." or ".."))
            throw new ArgumentException($"'{key}' is not a valid object key.", nameof(key));
    }

    public static void ValidatePrefix(string prefix)
    {
        if (!prefix.EndsWith('/')) throw new ArgumentException($"Prefix '{prefix}' must end with '/'.", nameof(prefix));
        Validate(prefix[..^1]);
    }

    public static void Validate(ByteRange range)
    {
        if (range.Offset < 0 || range.Length < 1)
            throw new ArgumentOutOfRangeException(nameof(range), range, "A range starts at 0 or later and covers at least one byte.");
    }
}
