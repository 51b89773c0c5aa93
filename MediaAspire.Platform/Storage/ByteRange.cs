namespace MediaAspire.Platform.Storage;

/// <param name="Offset">First byte, from 0.</param>
/// <param name="Length">Number of bytes, at least 1.</param>
public readonly record struct ByteRange(long Offset, long Length)
{
    public long Last => Offset + Length - 1;
}
