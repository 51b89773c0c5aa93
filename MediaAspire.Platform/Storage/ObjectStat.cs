namespace MediaAspire.Platform.Storage;

public sealed record ObjectStat(string Key, long SizeBytes);
