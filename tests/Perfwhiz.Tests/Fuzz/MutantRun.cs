namespace Perfwhiz.Tests.Fuzz;

/// <summary>
/// Runs one mutant in-process under a watchdog and judges how it ended: success, or one
/// user error (a <see cref="PerfwhizException"/> on one line, exit 1). Anything else (another
/// exception type, exit 70 in the tools; a hang; more than 512 MB allocated) is a finding,
/// saved for replay.
/// </summary>
internal static class MutantRun
{
    public const long MemoryLimit = 512L << 20;

    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    /// <summary>Null when the mutant was handled well, else what went wrong.</summary>
    public static string? Judge(Action run)
    {
        using var cancellation = new CancellationTokenSource();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var task = Task.Factory.StartNew(run, cancellation.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            if (!task.Wait(HangLimit))
            {
                cancellation.Cancel();
                return $"no answer within {HangLimit.TotalSeconds} s";
            }
        }
        catch (AggregateException e) when (e.InnerException is PerfwhizException error)
        {
            return error.Message.Contains('\n', StringComparison.Ordinal) ? $"a user error of several lines: {error.Message}" : Allocated(allocatedBefore);
        }
        catch (AggregateException e)
        {
            return $"{e.InnerException!.GetType().Name} (exit 70): {e.InnerException}";
        }

        return Allocated(allocatedBefore);
    }

    /// <summary>Keeps a finding's bytes where the test run can be replayed from.</summary>
    public static string Save(byte[] mutant, string extension)
    {
        var folder = Path.Combine(Path.GetTempPath(), "perfwhiz-fuzz-findings");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(mutant))[..16]}{extension}");
        File.WriteAllBytes(path, mutant);
        return path;
    }

    private static string? Allocated(long before)
    {
        var allocated = GC.GetTotalAllocatedBytes() - before;
        return allocated > MemoryLimit ? $"{allocated >> 20} MiB allocated (limit {MemoryLimit >> 20})" : null;
    }
}
