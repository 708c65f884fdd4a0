namespace Perfwhiz;

/// <summary>
/// Writes a file under a temporary name in the destination folder and renames it into place only
/// when the content is complete, so a crash or Ctrl-C never leaves a half file under the final name.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> writeContent)
    {
        ArgumentNullException.ThrowIfNull(writeContent);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath) ?? ".";
        var temporaryPath = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.tmp");
        var stream = OpenTemporary(temporaryPath);
        try
        {
            using (stream)
            {
                writeContent(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporaryPath, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporaryPath);
            throw;
        }
    }

    private static FileStream OpenTemporary(string temporaryPath)
    {
        try
        {
            return new FileStream(temporaryPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PerfwhizException($"cannot write {Path.GetDirectoryName(temporaryPath)}: {e.Message}", e);
        }
    }
}
