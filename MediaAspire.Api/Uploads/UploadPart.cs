namespace MediaAspire.Api.Uploads;

/// <param name="Sha256">Of this part alone: lets a client find which part to re-send after a hash mismatch.</param>
public sealed record UploadPart(int Number, long SizeBytes, string Sha256);
