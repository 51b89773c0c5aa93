namespace MediaAspire.Platform.Storage;

/// <summary>
/// Base for the read-through streams of the ingest path (sniffing, hashing, joining parts, windows):
/// readable once, front to back, with no length or seeking. Subclasses implement only the reads.
/// </summary>
public abstract class ForwardOnlyReadStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
