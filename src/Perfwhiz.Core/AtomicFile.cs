using System.Runtime.ExceptionServices;

namespace Perfwhiz;

/// <summary>
/// Writes files under temporary names in their destination folder and renames them into place only
/// when every one is complete, so a crash or Ctrl-C never leaves a half file under a final name, and
/// files written together (a run's .cdict and .stats) are replaced together or not at all.
/// </summary>
/// <remarks>
/// Several files: all temporaries are written first; then the files they replace are moved aside
/// (<c>.&lt;name&gt;.&lt;pid&gt;.old</c>, or an empty <c>.none</c> marker where there was none), the
/// temporaries renamed into place, and the old files removed. A failure rolls back to the old files.
/// A process killed (SIGKILL, power cut) in the middle leaves these hidden files behind; the next
/// write into that folder finds those of dead processes and finishes the job: back to the old files
/// when a temporary was still waiting, else forward to the new ones (<see cref="StaleFiles"/>).
/// The window that remains: until a later write into the folder, a killed replacement can show a
/// mix of old and new files (never a half file), and folder entries are not fsynced, so a power cut
/// can lose a rename.
/// A read-only destination is never replaced: its mode says someone wants it kept.
/// </remarks>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> writeContent) => WriteAll([new AtomicOutput(path, writeContent)]);

    /// <summary>Writes every output, then puts all of them in place, or none.</summary>
    public static void WriteAll(IReadOnlyList<AtomicOutput> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var files = outputs.Select(output => new Placement(output)).ToList();
        foreach (var folder in files.Select(file => file.Folder).Distinct(StringComparer.Ordinal))
        {
            StaleFiles.Recover(folder);
        }

        files.ForEach(file => EnsureReplaceable(file.Path));
        try
        {
            WriteTemporaries(files);
            if (files.Count > 1)
            {
                files.ForEach(file => file.MoveOldAside());
            }

            files.ForEach(file => file.MoveIntoPlace());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RollBack(files);
            var failed = files.FirstOrDefault(file => file.Failed) ?? files[0];
            throw new PerfwhizException(e is DirectoryNotFoundException
                ? $"cannot write {failed.Path}: the folder {failed.Folder} does not exist"
                : $"cannot write {failed.Path}: {e.Message}", e);
        }
        catch
        {
            RollBack(files);
            throw;
        }

        files.ForEach(file => file.ForgetOld());
    }

    /// <summary>Refuses a destination that is read-only (mode without any write bit), root or not.</summary>
    public static void EnsureReplaceable(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        const UnixFileMode anyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        if (!OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & anyWrite) == UnixFileMode.None)
        {
            throw new PerfwhizException($"{path} is read-only: not replacing it (make it writable, e.g. chmod u+w, to allow it)");
        }
    }

    // Each on a thread of its own (the first on the caller's): one file's writing and fsync then
    // overlap the others' (a .stats is written while its .cdict is compressed). Not pool threads
    // for a writer that may wait for its content, computed by pool tasks; a file whose content
    // says when it is ready is written by a pool thread once it is, as nothing is left to wait for
    // (a thread started while the cores are busy cost the caller 2 ms of yielding until it ran).
    // The first failure, in the order of the files, is rethrown as it is.
    private static void WriteTemporaries(List<Placement> files)
    {
        var others = files.Skip(1)
            .Select(file => file.ContentReady is { } ready
                ? ready.ContinueWith(_ => file.WriteTemporary(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)
                : Task.Factory.StartNew(file.WriteTemporary, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToList();
        Exception? first = null;
        try
        {
            files[0].WriteTemporary();
        }
        catch (Exception e)
        {
            first = e;
        }

        foreach (var other in others)
        {
            try
            {
                other.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                first ??= e;
            }
        }

        if (first is not null)
        {
            ExceptionDispatchInfo.Throw(first);
        }
    }

    private static void RollBack(List<Placement> files)
    {
        foreach (var file in files)
        {
            file.RollBack();
        }
    }

    /// <summary>One file of a set, from its temporary to its final name.</summary>
    private sealed class Placement
    {
        private readonly Action<Stream> writeContent;
        private readonly string temporary;
        private readonly string aside;
        private readonly string absentMarker;
        private bool temporaryWritten;
        private bool oldMovedAside;
        private bool markedAbsent;
        private bool placed;

        public Placement(AtomicOutput output)
        {
            Path = System.IO.Path.GetFullPath(output.Path);
            writeContent = output.WriteContent;
            ContentReady = output.ContentReady;
            Folder = System.IO.Path.GetDirectoryName(Path) ?? ".";
            temporary = StaleFiles.NameFor(Path, StaleFiles.Temporary);
            aside = StaleFiles.NameFor(Path, StaleFiles.Aside);
            absentMarker = StaleFiles.NameFor(Path, StaleFiles.Absent);
        }

        public string Path { get; }

        public string Folder { get; }

        /// <summary>When the content can be written without waiting (see <see cref="AtomicOutput.ContentReady"/>).</summary>
        public Task? ContentReady { get; }

        /// <summary>Whether this file's step threw (for the message).</summary>
        public bool Failed { get; private set; }

        public void WriteTemporary() => Step(() =>
        {
            temporaryWritten = true;
            using var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
            writeContent(new WritebackStream(file));
            file.Flush(flushToDisk: true);
        });

        public void MoveOldAside() => Step(() =>
        {
            if (File.Exists(Path))
            {
                File.Move(Path, aside, overwrite: true);
                oldMovedAside = true;
            }
            else
            {
                File.WriteAllBytes(absentMarker, []);
                markedAbsent = true;
            }
        });

        public void MoveIntoPlace() => Step(() =>
        {
            File.Move(temporary, Path, overwrite: true);
            placed = true;
        });

        public void ForgetOld()
        {
            StaleFiles.TryDelete(aside);
            StaleFiles.TryDelete(absentMarker);
        }

        public void RollBack()
        {
            if (temporaryWritten)
            {
                StaleFiles.TryDelete(temporary);
            }

            if (oldMovedAside)
            {
                StaleFiles.TryMove(aside, Path);
            }
            else if (placed && markedAbsent)
            {
                StaleFiles.TryDelete(Path);
            }

            if (markedAbsent)
            {
                StaleFiles.TryDelete(absentMarker);
            }
        }

        private void Step(Action step)
        {
            try
            {
                step();
            }
            catch
            {
                Failed = true;
                throw;
            }
        }
    }
}
