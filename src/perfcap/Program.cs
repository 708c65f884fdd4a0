using Perfwhiz.Cli;
using Perfwhiz.Cli.Perfcap;

return CliHost.Run(PerfcapCommand.Create(), args);
