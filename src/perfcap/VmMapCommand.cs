using System.CommandLine;
using System.Globalization;
using Perfwhiz.Naming.Qemu;

namespace Perfwhiz.Perfcap;

/// <summary>
/// perfcap vm-map: prints the CSV task map of one qemu VM's threads, as the original's create-vm-csv.sh did,
/// to be saved and given to perfmap --map.
/// </summary>
public static class VmMapCommand
{
    public static Command Create()
    {
        var pid = Number("qemu-pid", "the main pid of the VM's qemu process", minimum: 1, "the qemu pid must be a positive number");
        var vmType = new Argument<string>("vm-type") { Description = "what the VM does (e.g. router): the task name of its threads" };
        var vmId = Number("vm-id", "the VM's number among the VMs of its type (e.g. 1)", minimum: 0, "the vm id must be a number from 0");
        vmType.Validators.Add(result =>
        {
            // The map is read back line by line; an empty name or a line break would make it unreadable.
            if (result.GetValueOrDefault<string>() is not { } type || string.IsNullOrWhiteSpace(type) || type.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                result.AddError("the vm type must be a non-empty name on one line");
            }
        });
        var command = new Command("vm-map", "Print the task map of a qemu VM's threads (tid,instance,type,uuid,group-type,group-id,name), one CSV line per thread, for perfmap --map.")
        {
            pid, vmType, vmId,
        };
        command.SetAction(parse =>
            (int)Run(parse.GetValue(pid), parse.GetValue(vmType)!, parse.GetValue(vmId), QemuProcesses.DefaultProcRoot, parse.InvocationConfiguration.Output));
        return command;
    }

    /// <summary>Writes the map lines of the qemu process <paramref name="pid"/> found under <paramref name="procRoot"/>.</summary>
    public static ExitCode Run(int pid, string vmType, int vmId, string procRoot, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var process = QemuProcesses.Read(pid, procRoot);
        if (!process.VcpusRecognised)
        {
            throw new PerfwhizException($"qemu process {pid}: no vcpu thread recognised (start qemu with -name <guest>,debug-threads=on, or under libvirt)");
        }

        foreach (var line in VmMapCsv.Lines(process, vmType, vmId))
        {
            output.WriteLine(line);
        }

        return ExitCode.Success;
    }

    private static Argument<int> Number(string name, string description, int minimum, string error) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum)
            {
                return number;
            }

            result.AddError($"{error}, not '{token}'");
            return 0;
        },
    };
}
