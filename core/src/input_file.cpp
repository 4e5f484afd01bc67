// input_file.cpp — read_input_file(): open(O_NONBLOCK) + fstat + a bounded read loop (input_file.hpp).
#include "poolscope/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace poolscope {

namespace {

std::string kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

/// Closes the descriptor on every path out of read_input_file.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

std::string describe_size(std::uint64_t bytes) {
    static constexpr const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
    double value = static_cast<double>(bytes) / 1024.0;
    int unit = 0;
    while (value >= 1024.0 && unit < 3) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, value == static_cast<double>(static_cast<std::uint64_t>(value)) ? "%.0f %s" : "%.1f %s",
                  value, units[unit]);
    return text;
}

std::string read_input_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
    const std::string name = path.string();
    const auto fail = [&](const std::string& why) { throw InputFileError(name + ": " + why); };
    Fd file;
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    do {
        file.fd = ::open(name.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    } while (file.fd < 0 && errno == EINTR);
    if (file.fd < 0) fail(std::string("cannot open the file for reading: ") + std::strerror(errno));
    struct stat info {};
    if (::fstat(file.fd, &info) != 0) fail(std::string("cannot read the file: ") + std::strerror(errno));
    if (!S_ISREG(info.st_mode)) fail("is " + kind_of(info.st_mode) + ", not a file; expected a regular file");
    const auto size = static_cast<std::uint64_t>(info.st_size);
    const std::string cap = "files larger than " + describe_size(max_bytes) + " are not read";
    if (size > max_bytes) fail("the file is " + describe_size(size) + "; " + cap);

    std::string text;
    text.resize(static_cast<std::size_t>(size));
    std::size_t used = 0;
    char more[65536];  // past the size fstat gave: a file that grew meanwhile is read on, up to the cap
    for (;;) {
        const bool within = used < text.size();
        const ssize_t got = within ? ::read(file.fd, text.data() + used, text.size() - used)
                                   : ::read(file.fd, more, sizeof more);
        if (got < 0) {
            if (errno == EINTR) continue;
            fail(std::string("read error: ") + std::strerror(errno));
        }
        if (got == 0) break;
        if (!within) {
            if (used + static_cast<std::uint64_t>(got) > max_bytes)
                fail("the file grew past " + describe_size(max_bytes) + " while it was read; " + cap);
            text.append(more, static_cast<std::size_t>(got));
        }
        used += static_cast<std::size_t>(got);
    }
    text.resize(used);
    return text;
}

}  // namespace poolscope
