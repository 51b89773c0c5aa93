namespace MediaAspire.Platform.Assets;

public enum AssetStatus { Uploaded, Ready, Failed }
