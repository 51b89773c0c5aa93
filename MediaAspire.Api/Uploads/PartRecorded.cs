namespace MediaAspire.Api.Uploads;

public enum PartRecorded { Recorded, UploadClosed, OverDeclaredSize }
