namespace MediaAspire.Api.Uploads.Bodies;

/// <summary>A file sent in one request body (<see cref="Content"/>), or, where an endpoint accepts it, an existing asset (<see cref="AssetId"/>).</summary>
/// <param name="MaxLength">At most this many bytes, when the request says (its Content-Length): quota is reserved for it before anything is stored.</param>
public sealed record UploadBody(Stream? Content, string Filename, Guid? AssetId, long? MaxLength = null);
