// The import's review page (templates/importer/review.html): keep each finding's proposal,
// shown as plain text and tags, true to its controls as they change; and change the area or the
// polarity of many findings at once. Without JavaScript every control still works one finding at
// a time; the tool for many at once stays hidden, and its controls have no names, so they are
// never sent with the form.

const POLARITIES = {
  strength: { colour: "green", label: "Strength" },
  weakness: { colour: "red", label: "Weakness" },
  mixed: { colour: "yellow", label: "Mixed" },
};

function controlsOf(card) {
  const prefix = card.id.replace("finding-", "findings-");
  const index = Number(prefix.split("-")[1]) - 1;
  const name = (field) => `findings-${index}-${field}`;
  return {
    area: card.querySelector(`select[name="${name("area_ref")}"]`),
    polarities: [...card.querySelectorAll(`input[name="${name("polarity")}"]`)],
    section: card.querySelector(`select[name="${name("section")}"]`),
    leaveOut: card.querySelector(`input[name="${name("DELETE")}"]`),
  };
}

function polarityOf(controls) {
  const checked = controls.polarities.find((input) => input.checked);
  return checked ? checked.value : "";
}

function showProposal(card) {
  const controls = controlsOf(card);
  const polarity = polarityOf(controls);
  const tag = card.querySelector("[data-polarity-tag]");
  const shown = POLARITIES[polarity] || POLARITIES.mixed;
  if (tag) {
    const strong = document.createElement("strong");
    strong.className = `govuk-tag govuk-tag--${shown.colour} app-polarity`;
    strong.textContent = shown.label;
    tag.replaceChildren(strong);
  }
  for (const name of Object.keys(POLARITIES)) {
    card.classList.toggle(`app-finding--${name}`, name === polarity);
  }
  const label = card.querySelector("[data-area-label]");
  if (label && controls.area) {
    const option = controls.area.selectedOptions[0];
    label.textContent = option ? option.textContent : "";
  }
  if (controls.leaveOut) {
    card.classList.toggle("app-import-item--left-out", controls.leaveOut.checked);
  }
}

function matches(card, which) {
  const controls = controlsOf(card);
  if (which === "all") return true;
  if (which === "check") return card.hasAttribute("data-check");
  const [kind, value] = which.split(":");
  if (kind === "section") {
    return (controls.section ? controls.section.value : card.dataset.section) === value;
  }
  if (kind === "area") return controls.area && controls.area.value === value;
  return false;
}

function numbersInWords(numbers) {
  if (numbers.length === 1) return numbers[0];
  return `${numbers.slice(0, -1).join(", ")} and ${numbers[numbers.length - 1]}`;
}

function initBulk(tool, cards) {
  const which = tool.querySelector("#bulk-which");
  const area = tool.querySelector("#bulk-area");
  const polarity = tool.querySelector("#bulk-polarity");
  const status = tool.querySelector("#bulk-status");
  tool.querySelector("#bulk-apply").addEventListener("click", () => {
    if (area.value === "keep" && polarity.value === "keep") {
      status.textContent = "Choose an area or a polarity to give them.";
      return;
    }
    const chosen = cards.filter((card) => matches(card, which.value));
    for (const card of chosen) {
      const controls = controlsOf(card);
      if (area.value !== "keep" && controls.area) controls.area.value = area.value;
      if (polarity.value !== "keep") {
        for (const input of controls.polarities) input.checked = input.value === polarity.value;
      }
      showProposal(card);
    }
    const numbers = chosen.map((card) => card.id.replace("finding-", ""));
    status.textContent = chosen.length
      ? `Changed ${chosen.length} finding${chosen.length === 1 ? "" : "s"}: ` +
        `${chosen.length === 1 ? "finding" : "findings"} ${numbersInWords(numbers)}. ` +
        "Nothing is saved until you save the draft event."
      : "No findings are of that kind: nothing was changed.";
  });
  tool.hidden = false;
}

export function initImportReview() {
  const cards = [...document.querySelectorAll("[data-import-finding]")];
  for (const card of cards) {
    card.addEventListener("change", () => showProposal(card));
  }
  const tool = document.querySelector('[data-module="app-import-bulk"]');
  if (tool) initBulk(tool, cards);
}

initImportReview();
