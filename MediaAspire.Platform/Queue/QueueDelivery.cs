namespace MediaAspire.Platform.Queue;

/// <param name="DeliveryCount">How many times the stream has handed this message out, this time included.</param>
/// <param name="DeadLettered">The message exceeded its deliveries: it is already in the dead-letter
/// stream and acknowledged; the receiver only records the failure on the job.</param>
/// <param name="TraceParent">The W3C trace context of whoever queued the job; null for messages without one.</param>
public sealed record QueueDelivery(string MessageId, Guid JobId, string Kind, long DeliveryCount, bool DeadLettered,
    string? TraceParent = null, string? TraceState = null);
