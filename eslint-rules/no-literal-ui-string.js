// Fails on a literal user-facing string in a view: JSX text, or a string given to an attribute a
// person reads (title, aria-label, placeholder, alt, label). Such text goes through the message
// catalogue (shared/i18n/messages/*, `t('area.key')`) so it exists in every language.
// Technical tokens stay literal in both languages: AT commands, result codes, URC and packet
// names, units and punctuation — text made only of upper-case words, digits and symbols passes.

const READ_ATTRIBUTES = new Set(['title', 'aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'placeholder', 'alt', 'label']);

/** Letters a reader reads: a lower-case word, or any CJK. */
const PROSE = /[a-z]{2,}|[\u3400-\u9fff]/;

function isProse(text) {
  return PROSE.test(text.trim());
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'user-facing text in views goes through the i18n catalogue' },
    schema: [],
    messages: { literal: 'User-facing text "{{text}}" must come from the message catalogue: t(\'area.key\') (shared/i18n/messages).' },
  },
  create(context) {
    const report = (node, text) => context.report({ node, messageId: 'literal', data: { text: text.trim().slice(0, 40) } });
    const checkExpression = (expr) => {
      if (!expr) return;
      if (expr.type === 'Literal' && typeof expr.value === 'string' && isProse(expr.value)) report(expr, expr.value);
      else if (expr.type === 'TemplateLiteral') {
        for (const q of expr.quasis) if (isProse(q.value.cooked ?? '')) return report(expr, q.value.cooked);
      } else if (expr.type === 'ConditionalExpression') {
        checkExpression(expr.consequent);
        checkExpression(expr.alternate);
      } else if (expr.type === 'LogicalExpression') checkExpression(expr.right);
    };
    return {
      JSXText(node) {
        if (isProse(node.value)) report(node, node.value);
      },
      JSXExpressionContainer(node) {
        if (node.parent?.type === 'JSXElement' || node.parent?.type === 'JSXFragment') checkExpression(node.expression);
      },
      JSXAttribute(node) {
        const name = typeof node.name.name === 'string' ? node.name.name : '';
        if (!READ_ATTRIBUTES.has(name) || !node.value) return;
        if (node.value.type === 'Literal') {
          if (typeof node.value.value === 'string' && isProse(node.value.value)) report(node.value, node.value.value);
        } else if (node.value.type === 'JSXExpressionContainer') checkExpression(node.value.expression);
      },
    };
  },
};

export default { rules: { 'no-literal-ui-string': rule } };
