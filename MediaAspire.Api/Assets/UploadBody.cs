namespace MediaAspire.Api.Assets;

/// <summary>A file sent in one request body (<see cref="Content"/>), or, where an endpoint accepts it, an existing asset (<see cref="AssetId"/>).</summary>
public sealed record UploadBody(Stream? Content, string Filename, Guid? AssetId);
