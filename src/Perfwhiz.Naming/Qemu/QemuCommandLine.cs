using System.Text;

namespace Perfwhiz.Naming.Qemu;

/// <summary>What a process's argv says about a VM: whether it is qemu, and its <c>-name</c> and <c>-uuid</c>.</summary>
internal sealed record QemuCommandLine(string? GuestName, string? Uuid)
{
    /// <returns>The VM's identity, or null when the program is not a qemu system emulator.</returns>
    public static QemuCommandLine? Parse(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0 || !IsQemu(Path.GetFileName(argv[0])))
        {
            return null;
        }

        string? guestName = null;
        string? uuid = null;
        for (var i = 1; i + 1 < argv.Count; i++)
        {
            // qemu takes -option and --option alike; a repeated option overrides the earlier one.
            switch (argv[i].StartsWith("--", StringComparison.Ordinal) ? argv[i][1..] : argv[i])
            {
                case "-name":
                    guestName = GuestOf(argv[++i]) ?? guestName;
                    break;
                case "-uuid":
                    uuid = argv[++i];
                    break;
            }
        }

        return new QemuCommandLine(guestName, uuid);
    }

    // qemu-system-x86_64, qemu-system-aarch64...; RHEL installs it as /usr/libexec/qemu-kvm.
    private static bool IsQemu(string program) =>
        program.StartsWith("qemu-system-", StringComparison.Ordinal) || program == "qemu-kvm";

    /// <summary>
    /// The guest of a <c>-name</c> value in qemu's option syntax: <c>guest=x,debug-threads=on</c> or a bare
    /// first value <c>x</c>, where <c>,,</c> stands for a comma inside a value.
    /// </summary>
    private static string? GuestOf(string value)
    {
        string? guest = null;
        var position = 0;
        var first = true;
        while (position < value.Length)
        {
            var nameEnd = value.IndexOfAny(['=', ','], position);
            if (nameEnd >= 0 && value[nameEnd] == '=')
            {
                var key = value[position..nameEnd];
                (var text, position) = ReadValue(value, nameEnd + 1);
                guest = key == "guest" ? text : guest;
            }
            else if (first)
            {
                (guest, position) = ReadValue(value, position);
            }
            else
            {
                // A flag without a value (debug-threads): nothing to read.
                position = nameEnd < 0 ? value.Length : nameEnd + 1;
            }

            first = false;
        }

        return string.IsNullOrEmpty(guest) ? null : guest;
    }

    private static (string Text, int Next) ReadValue(string value, int start)
    {
        var text = new StringBuilder();
        for (var i = start; i < value.Length; i++)
        {
            if (value[i] != ',')
            {
                text.Append(value[i]);
            }
            else if (i + 1 < value.Length && value[i + 1] == ',')
            {
                text.Append(',');
                i++;
            }
            else
            {
                return (text.ToString(), i + 1);
            }
        }

        return (text.ToString(), value.Length);
    }
}
