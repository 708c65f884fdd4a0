using System.Globalization;
using Perfwhiz.Captures.Cdict;
using Perfwhiz.Captures.Table;

// cdict-replicator <in.cdict> <out.cdict> <copies>: the events and wakeups of <in>, <copies> times
// one after the other, each copy shifted by the capture's duration plus 1 ms.
if (args.Length != 3 || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var copies) || copies < 1)
{
    Console.Error.WriteLine("usage: cdict-replicator <in.cdict> <out.cdict> <copies>");
    return 2;
}

var source = CdictFile.Read(args[0]);
var events = new EventTable(source.Names);
var wakeups = new WakeupTable();
events.EnsureCapacity(source.Events.Count * copies);
wakeups.EnsureCapacity(source.Wakeups.Count * copies);
var span = source.Info.DurationNs + 1_000_000;
for (var copy = 0; copy < copies; copy++)
{
    var shift = copy * span;
    var e = source.Events;
    for (var row = 0; row < e.Count; row++)
    {
        events.Add(e.Kind[row], e.Cpu[row], e.TimeNs[row] + shift, e.Pid[row], e.Task[row], e.DurationNs[row], e.NextPid[row], e.NextTask[row], e.ExitReason[row], e.PrevState[row]);
    }

    var w = source.Wakeups;
    for (var row = 0; row < w.Count; row++)
    {
        wakeups.Add(w.Kind[row], w.TimeNs[row] + shift, w.Cpu[row], w.Pid[row], w.Task[row], w.TargetCpu[row]);
    }
}

var info = source.Info;
info.DurationNs = (copies * span) - 1_000_000;
CdictFile.Write(args[1], new Capture(events, wakeups, info));
Console.WriteLine($"{args[1]}: {events.Count:N0} rows, {wakeups.Count:N0} wakeups");
return 0;
