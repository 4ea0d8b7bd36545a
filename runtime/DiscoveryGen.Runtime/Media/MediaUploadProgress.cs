namespace DiscoveryGen.Runtime;

/// <summary>Upload progress: bytes sent (for a resumable upload, bytes the server confirmed) and the total when known.</summary>
/// <param name="BytesSent">Bytes sent so far.</param>
/// <param name="TotalBytes">The content's length; null while it is unknown (a stream that cannot seek).</param>
public readonly record struct MediaUploadProgress(long BytesSent, long? TotalBytes);
