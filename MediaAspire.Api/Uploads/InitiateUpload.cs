namespace MediaAspire.Api.Uploads;

/// <param name="ContentType">The client's claim, kept as metadata; the asset's type comes from sniffing the bytes.</param>
public sealed record InitiateUpload(string Filename, long SizeBytes, string Sha256, string? ContentType);
