# Run by bash-static in the guest (tests/guest/bash_script.yaml); tr, sort and wc are busybox.
greet() {
  echo "hello, $1"
}
greet "sealed world"
sorted=$(printf 'pear\napple\nfig\n' | sort | tr '\n' ' ')
echo "sorted: $sorted"
(cd /etc && echo "subshell in $PWD")
echo "parent still in $PWD"
level=outer
(level=inner; echo "subshell sees $level")
echo "parent sees $level"
count=$(echo one two three four | tr ' ' '\n' | wc -l)
echo "words: $((count))"
echo "own pid in \$(...): $([ "$BASHPID" != "$$" ] && echo yes || echo no)"
echo "nested: $(busybox sh -c 'echo b a | tr " " "\n" | sort | tr "\n" " "')"
