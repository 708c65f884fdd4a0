using Perfwhiz.Cli;
using Perfwhiz.Perfcap;

return CliHost.Run(PerfcapCommand.Create(), args);
