# fish completion for procsift(1). Commands, options and columns follow
# src/cmd/registry.c, each command's option table and its column table
# (proc_cols for tree and ps; env_cols, fd_cols, maps_cols, etcd_view_cols,
# rule_view_cols; scan and judges have none);
# tests/unit/test_registry.c checks that they are all here.

# The command: the first word after procsift that is not an option.
function __procsift_command
    for w in (commandline -opc)[2..-1]
        switch $w
            case '-*'
                continue
            case '*'
                echo $w
                return 0
        end
    end
    return 1
end

function __procsift_needs_command
    not __procsift_command >/dev/null
end

# True when the command is one of the arguments.
function __procsift_using
    set -l c (__procsift_command)
    or return 1
    contains -- $c $argv
end

# The operands given so far, after the command, one a line (the arguments
# of options that take one are not operands).
function __procsift_operands
    set -l skip 0
    for w in (commandline -opc)[3..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case -o --output -p --pid -u --user -c --container -m --match --since \
                --rules --min-severity --fail-on --fingerprint-key -f --file \
                --wal --only --judge --skip
                set skip 1
            case -s --sort
                # ps -s is --sort; maps -s is --summary, a flag.
                __procsift_using ps; and set skip 1
            case '-*'
            case '*'
                echo $w
        end
    end
end

# True when the command has no operand yet (tree PID, show PID, help
# COMMAND, rules ACTION).
function __procsift_no_operand
    test (count (__procsift_operands)) -eq 0
end

# True after "rules check" (any number of rule files) or "rules test" (one).
function __procsift_rules_wants_file
    __procsift_using rules
    or return 1
    set -l ops (__procsift_operands)
    test (count $ops) -ge 1
    or return 1
    test $ops[1] = check
    or begin
        test (count $ops) -eq 1
        and test $ops[1] = test
    end
end

# tree and ps (proc_cols).
function __procsift_column_names
    printf '%s\n' \
        pid\t'process id' \
        ppid\t'parent pid' \
        user\t'effective user (* where it differs from the parent'\''s)' \
        uid\t'effective uid' \
        ruser\t'real user' \
        ruid\t'real uid' \
        group\t'effective group' \
        gid\t'effective gid' \
        state\t'process state' \
        kthread\t'yes for a kernel thread (PF_KTHREAD)' \
        start\t'start time, UTC' \
        etime\t'time since it started, [[dd-]hh:]mm:ss' \
        age\t'time since it started, in one unit (45s, 5m, 3h, 2d)' \
        tty\t'controlling terminal' \
        threads\t'number of threads' \
        rss\t'resident memory, KiB' \
        container\t'container id (12) or pod:<uid prefix>' \
        runtime\t'container runtime' \
        container_id\t'full container id' \
        pod\t'Kubernetes pod uid' \
        qos\t'Kubernetes QoS class' \
        cgroup\t'cgroup path' \
        exe\t'executable' \
        comm\t'command name (comm)' \
        command\t'command line: argv, or [comm] for a kernel thread'
end

# env, fds, maps and etcd each have their own: __procsift_CMD_column_names.
function __procsift_env_column_names
    printf '%s\n' \
        pid\t'process id' \
        comm\t'command name' \
        name\t'variable name' \
        value\t'value (redacted where a rule or the name says secret)' \
        length\t'value length, bytes'
end

function __procsift_fds_column_names
    printf '%s\n' \
        pid\t'process id' \
        comm\t'command name' \
        fd\t'descriptor number' \
        type\t'file, dir, fifo, pipe, socket, anon_inode, memfd, tty, device, ns, other' \
        mode\t'r, w or rw' \
        target\t'link target, socket endpoints, pipe peers' \
        deleted\t'the target was deleted' \
        inode\t'pipe or socket inode number' \
        pos\t'file position (fdinfo)' \
        flags\t'open flags (fdinfo)' \
        mnt_id\t'mount id (fdinfo)'
end

function __procsift_maps_column_names
    printf '%s\n' \
        pid\t'process id' \
        comm\t'command name' \
        start\t'start address, hex' \
        end\t'end address, hex' \
        size\t'size in KiB (summary: added up)' \
        perms\t'rwxp / rwxs (summary: every set seen)' \
        offset\t'file offset, hex' \
        dev\t'device major:minor' \
        inode\t'inode number' \
        kind\t'file, anon, heap, stack, vdso, memfd, deleted, other' \
        path\t'mapped file, as the kernel writes it' \
        count\t'mappings in the group (summary)'
end

function __procsift_rules_column_names
    printf '%s\n' \
        id\t'the rule'\''s id' \
        severity\t'how bad a find is if it is real' \
        confidence\t'how sure a match is a secret' \
        targets\t'what the rule is applied to' \
        keywords\t'the literals that let its regex run' \
        examples\t'how many examples it has' \
        negatives\t'how many negative examples it has' \
        references\t'where its format is documented' \
        origin\t'where it was defined' \
        description\t'what it finds'
end

function __procsift_etcd_column_names
    printf '%s\n' \
        namespace\t'the Secret'\''s namespace' \
        name\t'the Secret'\''s name' \
        type\t'the Secret'\''s type' \
        keys\t'the names of its data keys' \
        storage\t'plaintext, json, encrypted:PROVIDER/KEY, unknown, - (tombstone)' \
        revision\t'the etcd revision that stored it' \
        state\t'live, superseded, deleted or recovered' \
        findings\t'findings about this revision' \
        key\t'the etcd key' \
        page\t'recovered: the free page it came from' \
        uid\t'metadata.uid' \
        created\t'metadata.creationTimestamp' \
        version\t'the key'\''s version (writes since creation)' \
        fingerprint\t'keyed fingerprint of the data' \
        note\t'what the data is (registry user, token subject)'
end

function __procsift_pid_list
    string replace -r '^/proc/' '' -- /proc/* | string match -r '^[0-9]+$'
end

# The current token without a "--option=" in front of it.
function __procsift_token
    commandline -ct | string replace -r -- '^--[^=]*=' ''
end

# -o/--output: complete the last item of a comma list; a leading + adds to
# the default columns. The command's own columns (env, fds, maps, etcd),
# else those of tree and ps.
function __procsift_columns
    set -l tok (__procsift_token)
    set -l prefix (string match -r -- '^.*,' "$tok")
    or set prefix (string match -r -- '^\+' "$tok")
    set -l names __procsift_column_names
    set -l cmd (__procsift_command)
    functions -q __procsift_"$cmd"_column_names
    and set names __procsift_"$cmd"_column_names
    for c in ($names)
        echo "$prefix$c"
    end
end

# --sort: comma-separated columns; a leading - sorts that key descending,
# + ascending. Complete the last one.
function __procsift_sort_columns
    set -l prefix (__procsift_token | string match -r -- '^(?:.*,)?[-+]?')
    for c in (__procsift_column_names)
        echo "$prefix$c"
    end
end

# ps -u: complete the last name of a comma list of users.
function __procsift_users
    set -l prefix (__procsift_token | string match -r -- '^.*,')
    for u in (__fish_complete_users)
        echo "$prefix$u"
    end
end

# scan --only: complete the last item of a comma list of kinds.
function __procsift_kinds
    set -l prefix (__procsift_token | string match -r -- '^.*,')
    for k in secret indicator posture
        echo "$prefix$k"
    end
end

# --pid: a comma list of pids.
function __procsift_pids
    set -l prefix (__procsift_token | string match -r -- '^.*,')
    for p in (__procsift_pid_list)
        echo "$prefix$p"
    end
end

complete -c procsift -f

# Global options and commands.
complete -c procsift -n __procsift_needs_command -s V -l version -d 'print the version'
complete -c procsift -n __procsift_needs_command -s h -l help -d 'show the commands'
complete -c procsift -n __procsift_needs_command -a tree -d 'show the process tree with container and pod attribution'
complete -c procsift -n __procsift_needs_command -a ps -d 'list processes as a table that can be filtered and sorted'
complete -c procsift -n __procsift_needs_command -a show -d 'show the dossier of one process'
complete -c procsift -n __procsift_needs_command -a env -d 'show the environment of processes (secrets redacted)'
complete -c procsift -n __procsift_needs_command -a fds -d 'list open file descriptors with socket endpoints'
complete -c procsift -n __procsift_needs_command -a maps -d 'list memory mappings, or a per-file summary'
complete -c procsift -n __procsift_needs_command -a scan -d 'judge every process: plaintext secrets, signs of intrusion, control-plane posture'
complete -c procsift -n __procsift_needs_command -a judges -d 'list the judges scan runs, with their kinds and facets'
complete -c procsift -n __procsift_needs_command -a rules -d 'list the secret rules, check them, or test text'
complete -c procsift -n __procsift_needs_command -a etcd -d 'audit etcd'\''s database for Kubernetes Secrets'
complete -c procsift -n __procsift_needs_command -a help -d 'show the commands, or one command'\''s options'

# Options shared by the listing (tree, ps), per-process (show, env, fds,
# maps) and secret (scan, judges, rules, etcd) commands.
complete -c procsift -n '__procsift_using tree ps env fds maps etcd rules' -s o -l output -x -a '(__procsift_columns)' -d 'columns to show (+COLS adds to the default)'
complete -c procsift -n '__procsift_using show scan judges rules etcd' -s j -l json -d 'JSON output'
complete -c procsift -n '__procsift_using tree ps env fds maps' -s J -l json -d 'JSON output (-j also works)'
complete -c procsift -n '__procsift_using tree ps env fds maps' -l output-all -d 'show every column'
complete -c procsift -n '__procsift_using tree ps env fds maps' -s r -l raw -d 'space-separated cells, each escaped to hold no blank'
complete -c procsift -n '__procsift_using tree ps env fds maps' -s P -l pairs -d 'KEY="value" pairs, one line per row'
complete -c procsift -n '__procsift_using tree ps env fds maps' -s w -l notruncate -d 'never truncate or wrap a column'
complete -c procsift -n '__procsift_using tree ps env fds maps' -l color -x -a 'auto always never' -d 'severity colours'
complete -c procsift -n '__procsift_using ps env fds maps' -l ndjson -d 'one JSON record per line'
complete -c procsift -n '__procsift_using tree ps show env fds maps scan judges rules etcd' -l pretty -d 'indent JSON output'
complete -c procsift -n '__procsift_using tree ps env fds maps scan judges etcd rules' -s n -l noheadings -d 'do not print the header line'
complete -c procsift -n '__procsift_using tree ps' -s a -l all -d 'include kernel threads'
complete -c procsift -n '__procsift_using tree ps show env fds maps scan judges rules etcd help' -s h -l help -d 'show this help'

# Where the rules come from: tree, ps, show (secrets in command lines),
# env, scan, rules, etcd.
complete -c procsift -n '__procsift_using tree ps show env scan rules etcd' -l rules -r -F -d 'add rules from a YAML file (repeatable; same id overrides)'
complete -c procsift -n '__procsift_using tree ps show env scan rules etcd' -l no-builtin-rules -d 'do not load the built-in rules'
complete -c procsift -n '__procsift_using tree ps show' -l reveal -d 'show secrets in command lines (redacted by default)'

# tree [PID]
complete -c procsift -n '__procsift_using tree' -l ascii -d 'draw the tree with ASCII characters'
complete -c procsift -n '__procsift_using tree; and __procsift_no_operand' -a '(__procsift_pid_list)' -d pid

# ps
complete -c procsift -n '__procsift_using ps' -s s -l sort -x -a '(__procsift_sort_columns)' -d 'sort by columns, comma-separated (-COL for descending)'
complete -c procsift -n '__procsift_using ps' -s p -l pid -x -a '(__procsift_pids)' -d 'only these pids (comma-separated)'
complete -c procsift -n '__procsift_using ps' -s u -l user -x -a '(__procsift_users)' -d 'only processes whose effective or real user is one of USERS'
complete -c procsift -n '__procsift_using ps scan' -s c -l container -x -a 'any none docker containerd cri-o podman unknown' -d 'only this container or pod'
complete -c procsift -n '__procsift_using ps' -s m -l match -x -d 'only command lines matching a PCRE2 regex (never procsift itself)'
complete -c procsift -n '__procsift_using ps' -l since -x -d 'only processes started within DURATION (90s, 10m, 2h, 1d)'

# show PID
complete -c procsift -n '__procsift_using show; and __procsift_no_operand' -a '(__procsift_pid_list)' -d pid

# env, fds, maps: PID... or --all
complete -c procsift -n '__procsift_using env fds maps; and not __fish_seen_argument -s a -l all' -a '(__procsift_pid_list)' -d pid
complete -c procsift -n '__procsift_using env fds maps' -s a -l all -d 'every process'
complete -c procsift -n '__procsift_using env' -l reveal -d 'show values that would be redacted'
complete -c procsift -n '__procsift_using fds' -s i -l fdinfo -d 'also read fdinfo: position, open flags, mount id'
complete -c procsift -n '__procsift_using fds' -l all-peers -d 'list every process sharing a pipe in JSON (default: the first 3 and a count)'
complete -c procsift -n '__procsift_using maps' -s s -l summary -d 'one row per file: size added up, permissions seen'

# scan: no operands (-c as for ps). --judge and --skip: the judges of
# src/scan/judges.c, as procsift judges lists them.
complete -c procsift -n '__procsift_using scan' -l only -x -a '(__procsift_kinds)' -d 'only judges of these kinds (comma list)'
complete -c procsift -n '__procsift_using scan' -l judge -x -a 'env argv etcd shell-in-container package-manager-in-container write-below-etc sensitive-host-mount mutable-container-rootfs privileged-container stdio-to-socket exe anon-exec-memory deleted-lib-mapped loader-hijack anti-forensics-env name-spoofing traced deleted-file-held hidden-pid unexpected-child crypto-miner apiserver-posture etcd-posture kubelet-posture' -d 'run only this judge (repeatable)'
complete -c procsift -n '__procsift_using scan' -l skip -x -a 'env argv etcd shell-in-container package-manager-in-container write-below-etc sensitive-host-mount mutable-container-rootfs privileged-container stdio-to-socket exe anon-exec-memory deleted-lib-mapped loader-hijack anti-forensics-env name-spoofing traced deleted-file-held hidden-pid unexpected-child crypto-miner apiserver-posture etcd-posture kubelet-posture' -d 'do not run this judge (repeatable)'
complete -c procsift -n '__procsift_using scan' -s p -l pid -x -a '(__procsift_pids)' -d 'only these processes (comma-separated, repeatable)'
complete -c procsift -n '__procsift_using scan' -l partial-ok -d 'with --fail-on, processes judged in part do not fail the run'
complete -c procsift -n '__procsift_using scan' -l no-group -d 'one row per process in the table, not one per secret and place'
complete -c procsift -n '__procsift_using scan' -l ndjson -d 'one JSON record per line as processes are judged, the summary last'
complete -c procsift -n '__procsift_using scan' -l min-severity -x -a 'info low medium high critical' -d 'show findings at or above SEV'
complete -c procsift -n '__procsift_using scan etcd' -l fail-on -x -a 'info low medium high critical' -d 'exit 1 when a finding at or above SEV exists'
complete -c procsift -n '__procsift_using scan etcd' -l reveal -d 'show secret values in full'
complete -c procsift -n '__procsift_using scan etcd' -l fingerprint-key -x -d 'fingerprint key (16-64 hex digits) instead of a random one'

# etcd: no operands (--fail-on, --reveal and --fingerprint-key as for scan)
complete -c procsift -n '__procsift_using etcd' -s p -l pid -x -a '(__procsift_pid_list)' -d 'read the database of this etcd process'
complete -c procsift -n '__procsift_using etcd' -s f -l file -r -F -d 'read a copied database (etcdctl snapshot save) instead of a running etcd'
complete -c procsift -n '__procsift_using etcd' -l wal -r -F -d 'with --file: also scan this WAL file (repeatable)'
complete -c procsift -n '__procsift_using etcd' -l all-resources -d 'also count keys and revisions of every resource'
complete -c procsift -n '__procsift_using etcd' -l no-carve -d 'do not look for old revisions in free pages'
complete -c procsift -n '__procsift_using etcd' -l no-wal -d 'do not scan the write-ahead log'
complete -c procsift -n '__procsift_using etcd' -l no-helm -d 'list Helm release Secrets without decoding them'

# rules list|check [FILE...]|test [FILE]
complete -c procsift -n '__procsift_using rules; and __procsift_no_operand' -a list -d 'list the rules'
complete -c procsift -n '__procsift_using rules; and __procsift_no_operand' -a check -d 'compile the rules and run their examples'
complete -c procsift -n '__procsift_using rules; and __procsift_no_operand' -a test -d 'judge standard input with the rules (and FILE'\''s)'
complete -c procsift -n __procsift_rules_wants_file -F
complete -c procsift -n '__procsift_using rules' -l reveal -d 'show matched values in full (test)'

# help [COMMAND]
complete -c procsift -n '__procsift_using help; and __procsift_no_operand' -a 'tree ps show env fds maps scan judges rules etcd help'

# "--sort -rss": fish takes a word that starts with - for an option, so
# complete a descending sort column after -s/--sort explicitly.
function __procsift_after_sort
    set -l prev (commandline -opc)[-1]
    contains -- "$prev" -s --sort
end
complete -c procsift -n '__procsift_using ps; and __procsift_after_sort' -x -a '(__procsift_sort_columns)'
