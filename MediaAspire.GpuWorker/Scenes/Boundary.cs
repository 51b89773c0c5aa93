namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// Where one scene ends and the next begins. Frames <see cref="FirstFrame"/>..<see cref="LastFrame"/>
/// belong to neither scene: none for a cut (LastFrame = FirstFrame - 1), the transition's frames for a
/// fade or dissolve. Times are of the first and last transition frame (both the cut frame for a cut).
/// </summary>
internal readonly record struct Boundary(int FirstFrame, int LastFrame, double Start, double End)
{
    public bool IsCut => LastFrame < FirstFrame;

    public static Boundary Cut(int frame, double time) => new(frame, frame - 1, time, time);
}
