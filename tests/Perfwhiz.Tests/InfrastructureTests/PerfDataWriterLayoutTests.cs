
namespace Perfwhiz.Tests.InfrastructureTests;

/// <summary>The byte layout PerfDataWriter produces, checked field by field against the spec (no perf needed).</summary>
[Trait("Kind", "unit")]
public sealed class PerfDataWriterLayoutTests
{
    private const int AttrsOffset = 104 + (2 * 2 * 8); // header, then 2 events × 2 CPUs of u64 ids
    private const int DataOffset = AttrsOffset + (2 * 144);
    private const int CommSize = 8 + 8 + 16 + 32; // header, pid/tid, "CPU 0/KVM\0" padded, trailer tid/time/cpu/identifier
    private const int SwitchSampleSize = 8 + 48 + 4 + 68; // spec §8: 128
    private const ulong FeatureBits = 0b1_0000_1111_1010; // TRACING_DATA, HOSTNAME..NRCPUS, EVENT_DESC

    private static readonly TracepointFormat SchedSwitch = FormatFixtures.Load("sched/sched_switch");
    private static readonly TracepointFormat KvmExit = FormatFixtures.Load("kvm/kvm_exit");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FileHeaderPointsAtIdsAttrsAndData(bool bigEndian)
    {
        var writer = TwoEvents(new PerfDataWriterOptions { BigEndian = bigEndian, NrCpus = 2 });
        var file = writer.ToArray();
        var reader = new EndianReader(file, bigEndian);

        Assert.Equal(bigEndian ? "2ELIFREP"u8.ToArray() : "PERFILE2"u8.ToArray(), reader.Bytes(8));
        Assert.Equal([104UL, 144UL, AttrsOffset, 2 * 144, DataOffset, CommSize + SwitchSampleSize + 8, 0, 0, FeatureBits, 0, 0, 0], U64s(reader, 12));
        for (var i = 0; i < 2; i++)
        {
            var format = i == 0 ? SchedSwitch : KvmExit;
            reader.Position = AttrsOffset + (i * 144);
            Assert.Equal((2u, 128u), (reader.U32(), reader.U32()));
            Assert.Equal([(ulong)format.Id, 1, 0x10587, 0], U64s(reader, 4)); // config, sample_period, sample_type, read_format
            reader.Position = AttrsOffset + (i * 144) + 128;
            Assert.Equal([(ulong)(104 + (i * 16)), 16], U64s(reader, 2));
            reader.Position = 104 + (i * 16);
            Assert.Equal([writer.IdOf(format.FullName, 0), writer.IdOf(format.FullName, 1)], U64s(reader, 2));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FeatureIndexFollowsTheDataAndCoversEverySection(bool bigEndian)
    {
        var writer = TwoEvents(new PerfDataWriterOptions { BigEndian = bigEndian, NrCpus = 2, Hostname = "kvmhost" });
        var file = writer.ToArray();
        var reader = new EndianReader(file, bigEndian);
        reader.Position = DataOffset + CommSize + SwitchSampleSize + 8;

        var sections = Enumerable.Range(0, 7).Select(_ => (Offset: (int)reader.U64(), Size: (int)reader.U64())).ToList();

        Assert.Equal(reader.Position, sections[0].Offset);
        Assert.All(sections.Zip(sections.Skip(1)), pair => Assert.Equal(pair.First.Offset + pair.First.Size, pair.Second.Offset));
        Assert.Equal(file.Length, sections[^1].Offset + sections[^1].Size);
        Assert.Equal([0x17, 0x08, 0x44], file[sections[0].Offset..(sections[0].Offset + 3)]); // TRACING_DATA
        reader.Position = sections[1].Offset; // HOSTNAME: u32 length, NUL-terminated text padded to 64
        Assert.Equal(64u, reader.U32());
        Assert.Equal("kvmhost", reader.CString());
        reader.Position = sections[5].Offset; // NRCPUS
        Assert.Equal((2u, 2u), (reader.U32(), reader.U32()));
        reader.Position = sections[6].Offset; // EVENT_DESC
        Assert.Equal((2u, 128u), (reader.U32(), reader.U32()));
        reader.Position += 128;
        Assert.Equal((2u, 64u), (reader.U32(), reader.U32()));
        Assert.Equal("sched:sched_switch", reader.CString());
        reader.Position = sections[6].Offset + 8 + 128 + 4 + 4 + 64;
        Assert.Equal([writer.IdOf("sched:sched_switch", 0), writer.IdOf("sched:sched_switch", 1)], U64s(reader, 2));
    }

    [Theory]
    [InlineData(false, new byte[] { 0x00, 0x22, 0x04, 0x01 })]
    [InlineData(true, new byte[] { 0x00, 0x44, 0x20, 0x80 })]
    public void AttrFlagBitsAreMirroredPerByteInBigEndianFiles(bool bigEndian, byte[] firstFlagBytes)
    {
        var file = TwoEvents(new PerfDataWriterOptions { BigEndian = bigEndian, NrCpus = 2 }).ToArray();

        // comm (9), task (13), sample_id_all (18), comm_exec (24) on the first attr; sample_id_all only on the second.
        Assert.Equal(firstFlagBytes, file[(AttrsOffset + 40)..(AttrsOffset + 44)]);
        Assert.Equal(bigEndian ? 0x20 : 0x04, file[AttrsOffset + 144 + 40 + 2]);
        Assert.Equal(0, file[AttrsOffset + 144 + 40 + 1]);
    }

    [Fact]
    public void SampleRecordIsLaidOutAsPerfRecordWritesIt()
    {
        var writer = new PerfDataWriter([SchedSwitch])
            .Sample("sched:sched_switch", 123_456, cpu: 2, pid: 10, tid: 11, ("prev_comm", "a"));
        var reader = DataReader(writer.ToArray(), bigEndian: false, dataOffset: 104 + 32 + 144);

        Assert.Equal((9u, (ushort)1, (ushort)SwitchSampleSize), (reader.U32(), reader.U16(), reader.U16()));
        Assert.Equal(writer.IdOf("sched:sched_switch", 2), reader.U64()); // IDENTIFIER
        Assert.NotEqual(0UL, reader.U64()); // IP
        Assert.Equal((10u, 11u), (reader.U32(), reader.U32()));
        Assert.Equal(123_456UL, reader.U64());
        Assert.Equal((2u, 0u), (reader.U32(), reader.U32()));
        Assert.Equal(1UL, reader.U64()); // PERIOD
        Assert.Equal(68u, reader.U32()); // the 64-byte payload padded so that 4 + size is 8-aligned
        Assert.Equal((ushort)SchedSwitch.Id, reader.U16());
        Assert.Equal(0, reader.U16());
        Assert.Equal(11u, reader.U32()); // common_pid defaults to the tid
    }

    [Fact]
    public void WithoutIdentifierTheSampleIdFollowsIpTidAndTime()
    {
        const PerfSampleType sampleType = PerfSampleType.Ip | PerfSampleType.Tid | PerfSampleType.Time | PerfSampleType.Cpu
            | PerfSampleType.Period | PerfSampleType.Raw | PerfSampleType.Id;
        var writer = TwoEvents(new PerfDataWriterOptions { SampleType = sampleType, NrCpus = 2 });
        var reader = DataReader(writer.ToArray(), bigEndian: false, dataOffset: DataOffset);

        reader.Position = DataOffset + CommSize - (8 * (1 + 1)); // COMM: the id is at size − 8·(1 + popcount(STREAM_ID|CPU))
        Assert.Equal(writer.IdOf("sched:sched_switch", 1), reader.U64());
        reader.Position = DataOffset + CommSize + 8 + 24; // SAMPLE: the id is at 8 + 8·popcount(IP|TID|TIME)
        Assert.Equal(writer.IdOf("sched:sched_switch", 1), reader.U64());
    }

    [Fact]
    public void AnExitingTasksSampleKeepsItsPayloadPid()
    {
        var writer = new PerfDataWriter([SchedSwitch])
            .Sample("sched:sched_switch", 1, cpu: 0, pid: -1, tid: -1, ("common_pid", 77), ("prev_pid", 77));
        var reader = DataReader(writer.ToArray(), bigEndian: false, dataOffset: 104 + 32 + 144);

        reader.Position += 8 + 16;
        Assert.Equal((uint.MaxValue, uint.MaxValue), (reader.U32(), reader.U32()));
        reader.Position += 8 + 8 + 8 + 4 + 4;
        Assert.Equal(77u, reader.U32()); // common_pid
    }

    [Fact]
    public void NonSampleRecordsCarryTheirFieldsAndATrailer()
    {
        var writer = new PerfDataWriter([SchedSwitch, KvmExit], new PerfDataWriterOptions { BigEndian = true });
        var lostId = writer.IdOf("kvm:kvm_exit", 3);
        writer.Comm(4321, 4330, "CPU 0/KVM", 1_000, exec: true, cpu: 1)
            .Fork(5000, 4321, 5001, 4330, 2_000, cpu: 2)
            .Exit(5000, 4321, 5001, 4330, 3_000, cpu: 2)
            .Lost(lostId, 17, 4_000, cpu: 3)
            .LostSamples(5, 5_000, cpu: 2)
            .FinishedRound();
        var reader = DataReader(writer.ToArray(), bigEndian: true, dataOffset: 104 + (2 * 4 * 8) + (2 * 144));
        var firstOnCpu1 = writer.IdOf("sched:sched_switch", 1);
        var firstOnCpu2 = writer.IdOf("sched:sched_switch", 2);

        Assert.Equal((3u, (ushort)0x2000, (ushort)CommSize), Header(reader));
        Assert.Equal((4321u, 4330u), (reader.U32(), reader.U32()));
        Assert.Equal("CPU 0/KVM", reader.CString());
        reader.Position += 6; // name padded to 16
        Assert.Equal((4321u, 4330u, 1_000UL, 1u, 0u, firstOnCpu1), Trailer(reader));
        foreach (var (type, time) in new[] { (7u, 2_000UL), (4u, 3_000UL) })
        {
            Assert.Equal((type, (ushort)0, (ushort)64), Header(reader));
            Assert.Equal([5000u, 4321u, 5001u, 4330u], new[] { reader.U32(), reader.U32(), reader.U32(), reader.U32() });
            Assert.Equal(time, reader.U64());
            Assert.Equal((5000u, 5001u, time, 2u, 0u, firstOnCpu2), Trailer(reader));
        }

        Assert.Equal((2u, (ushort)0, (ushort)56), Header(reader));
        Assert.Equal([lostId, 17UL], U64s(reader, 2));
        Assert.Equal((0u, 0u, 4_000UL, 3u, 0u, lostId), Trailer(reader));
        Assert.Equal((13u, (ushort)0, (ushort)48), Header(reader));
        Assert.Equal(5UL, reader.U64());
        Assert.Equal((0u, 0u, 5_000UL, 2u, 0u, firstOnCpu2), Trailer(reader));
        Assert.Equal((68u, (ushort)0, (ushort)8), Header(reader));
    }

    [Fact]
    public void AKilledRecordingHasDataButNoDataSizeAndNoFeatureSections()
    {
        var complete = TwoEvents(new PerfDataWriterOptions { NrCpus = 2 }).ToArray();
        var killed = TwoEvents(new PerfDataWriterOptions { NrCpus = 2, Killed = true }).ToArray();
        var reader = new EndianReader(killed, bigEndian: false) { Position = 40 };

        Assert.Equal([DataOffset, 0, 0, 0, FeatureBits], U64s(reader, 5));
        Assert.Equal(DataOffset + CommSize + SwitchSampleSize + 8, killed.Length);
        Assert.Equal(complete[DataOffset..killed.Length], killed[DataOffset..]);
    }

    [Fact]
    public void TruncateAtCutsTheFinishedFile()
    {
        var complete = TwoEvents(new PerfDataWriterOptions()).ToArray();

        var truncated = TwoEvents(new PerfDataWriterOptions { TruncateAt = 777 }).ToArray();

        Assert.Equal(complete[..777], truncated);
        Assert.Throws<InvalidOperationException>(() => TwoEvents(new PerfDataWriterOptions { TruncateAt = complete.Length + 1 }).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PipeModeSendsMetadataAsRecordsThenTheSameDataRecords(bool bigEndian)
    {
        var writer = TwoEvents(new PerfDataWriterOptions { Pipe = true, BigEndian = bigEndian, NrCpus = 2 });
        var pipe = writer.ToArray();
        var file = TwoEvents(new PerfDataWriterOptions { BigEndian = bigEndian, NrCpus = 2 }).ToArray();
        var reader = new EndianReader(pipe, bigEndian);

        Assert.Equal([0x32454C4946524550, 16], U64s(reader, 2));
        foreach (var format in new[] { SchedSwitch, KvmExit })
        {
            var start = reader.Position;
            Assert.Equal((64u, (ushort)0, (ushort)(8 + 128 + 16)), Header(reader));
            Assert.Equal((2u, 128u, (ulong)format.Id), (reader.U32(), reader.U32(), reader.U64()));
            reader.Position = start + 8 + 128; // the ids start at 8 + attr.size
            Assert.Equal([writer.IdOf(format.FullName, 0), writer.IdOf(format.FullName, 1)], U64s(reader, 2));
        }

        var features = new List<ulong>();
        while (features.Count == 0 || features[^1] != 32)
        {
            var start = reader.Position;
            var (type, _, size) = Header(reader);
            Assert.Equal(80u, type);
            features.Add(reader.U64());
            reader.Position = start + size;
        }

        Assert.Equal([3UL, 4, 5, 6, 7, 12, 32], features);
        Assert.Equal((66u, (ushort)0, (ushort)16), Header(reader));
        var blobSize = (int)reader.U32();
        reader.Position += 4;
        Assert.Equal(0, blobSize % 8);
        Assert.Equal([0x17, 0x08, 0x44], pipe[reader.Position..(reader.Position + 3)]);
        Assert.Equal(file[DataOffset..(DataOffset + CommSize + SwitchSampleSize + 8)], pipe[(reader.Position + blobSize)..]);
    }

    [Fact]
    public void RejectsWhatItCannotWrite()
    {
        var withoutRaw = new PerfDataWriterOptions { SampleType = PerfSampleType.Default & ~PerfSampleType.Raw };
        var withoutId = new PerfDataWriterOptions { SampleType = PerfSampleType.Tid | PerfSampleType.Time | PerfSampleType.Raw };
        var withAddr = new PerfDataWriterOptions { SampleType = PerfSampleType.Default | (PerfSampleType)0x8 };

        Assert.Throws<ArgumentException>(() => new PerfDataWriter([]));
        Assert.Throws<ArgumentException>(() => new PerfDataWriter([SchedSwitch, SchedSwitch]));
        Assert.Throws<ArgumentException>(() => new PerfDataWriter([SchedSwitch], withoutRaw));
        Assert.Throws<ArgumentException>(() => new PerfDataWriter([SchedSwitch, KvmExit], withoutId));
        Assert.Throws<ArgumentException>(() => new PerfDataWriter([SchedSwitch], withAddr));
        Assert.Throws<ArgumentException>(() => new PerfDataWriter([SchedSwitch], new PerfDataWriterOptions { Pipe = true, Killed = true }));
        var writer = new PerfDataWriter([SchedSwitch], withoutId);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Sample("sched:sched_switch", 1, cpu: 4, pid: 1, tid: 1));
        Assert.Throws<ArgumentException>(() => writer.Sample("kvm:kvm_exit", 1, cpu: 0, pid: 1, tid: 1));
    }

    private static PerfDataWriter TwoEvents(PerfDataWriterOptions options) =>
        new PerfDataWriter([SchedSwitch, KvmExit], options)
            .Comm(4321, 4330, "CPU 0/KVM", 1_000, exec: true, cpu: 1)
            .Sample("sched:sched_switch", 2_000, cpu: 1, pid: 1234, tid: 1234, ("prev_comm", "bash"))
            .FinishedRound();

    private static EndianReader DataReader(byte[] file, bool bigEndian, int dataOffset) =>
        new(file, bigEndian) { Position = dataOffset };

    private static (uint Type, ushort Misc, ushort Size) Header(EndianReader reader) => (reader.U32(), reader.U16(), reader.U16());

    /// <summary>The sample_id_all trailer of the default sample_type: pid, tid, time, cpu, res, identifier.</summary>
    private static (uint Pid, uint Tid, ulong Time, uint Cpu, uint Res, ulong Id) Trailer(EndianReader reader) =>
        (reader.U32(), reader.U32(), reader.U64(), reader.U32(), reader.U32(), reader.U64());

    private static ulong[] U64s(EndianReader reader, int count) => [.. Enumerable.Range(0, count).Select(_ => reader.U64())];
}
